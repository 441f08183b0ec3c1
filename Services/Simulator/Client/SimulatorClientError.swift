/// A call to the simulator's control API that failed: no answer, an error answer (the simulator's
/// own message quoted), an answer that is not the expected JSON, or a wait that timed out.
public struct SimulatorClientError: Error, Sendable, CustomStringConvertible {
    /// The call, e.g. `POST /_sim/inbox/u1/done`.
    public let call: String
    /// The simulator's HTTP status; nil when it did not answer or when a wait timed out.
    public let status: Int?
    /// What went wrong, short and secret-free.
    public let message: String
    /// Whether this is a wait that timed out (see ``lastView``).
    public let isTimeout: Bool
    /// For a wait that timed out: the last view of the thread (nil when it never appeared).
    public let lastView: SimulatedThreadView?

    /// An error of `call`.
    public init(call: String, status: Int? = nil, message: String) {
        self.call = call
        self.status = status
        self.message = message
        isTimeout = false
        lastView = nil
    }

    /// A wait on `call` that timed out, having last seen `lastView`.
    public init(timedOut call: String, message: String, lastView: SimulatedThreadView?) {
        self.call = call
        status = nil
        self.message = message
        isTimeout = true
        self.lastView = lastView
    }

    /// Whether the simulator answered 404 (an unknown thread).
    public var isNotFound: Bool { status == 404 }

    public var description: String {
        let answer = status.map { "answered \($0): " } ?? ""
        let view = lastView.map { "\nlast seen: \($0)" } ?? ""
        return "\(call) \(answer)\(message)\(view)"
    }
}
