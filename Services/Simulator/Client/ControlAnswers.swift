/// The answer to `POST /_sim/users/{psid}/messages` and `POST /_sim/inbox/{psid}/reply`: the new
/// message's id and, for a user's message, the thread after it.
public struct MessageAnswer: Sendable, Hashable, Codable {
    /// The message id.
    public var mid: String
    /// The thread after a user's message (absent for an Inbox reply).
    public var thread: SimulatedThreadSummary?

    /// An answer naming `mid`.
    public init(mid: String, thread: SimulatedThreadSummary? = nil) {
        self.mid = mid
        self.thread = thread
    }
}

/// The answer of calls that change something without creating it (`done`, `move`, `reset`,
/// `DELETE /faults`): `success`, and the thread when the call was about one.
public struct SuccessAnswer: Sendable, Hashable, Codable {
    /// Always true (failures are error answers).
    public var success: Bool
    /// The thread after the change.
    public var thread: SimulatedThreadSummary?

    /// A success, about `thread` when given.
    public init(thread: SimulatedThreadSummary? = nil) {
        success = true
        self.thread = thread
    }
}

/// `GET /_sim/clock` and the answer to `POST /_sim/clock`.
public struct ClockReading: Sendable, Hashable, Codable {
    /// The simulator's time (ms since 1970: the wall clock plus every advance).
    public var now: Int64

    /// A reading of `now`.
    public init(now: Int64) { self.now = now }
}
