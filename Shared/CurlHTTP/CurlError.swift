/// A transfer that did not produce an HTTP response: transport failure, timeout, cancellation or
/// shutdown. HTTP error statuses are responses, not `CurlError`s.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    /// Why the transfer ended, beyond libcurl's own code.
    enum Reason: Sendable, Hashable {
        case transfer
        case cancelled
        case shutdown
        case invalidRequest
        case responseTooLarge
    }

    /// The libcurl `CURLcode` (e.g. 7 couldn't connect, 28 timed out, 42 aborted).
    public let code: Int32
    /// A short explanation from libcurl; never contains the URL's query string or any body.
    public let message: String
    let reason: Reason

    init(code: Int32, message: String, reason: Reason = .transfer) {
        self.code = code
        self.message = message
        self.reason = reason
    }

    /// The transfer or its connect phase ran out of time (`CURLE_OPERATION_TIMEDOUT`).
    public var isTimeout: Bool { reason == .transfer && code == 28 }

    /// No connection could be made: refused, unreachable or unresolvable host.
    public var isConnectFailure: Bool { reason == .transfer && [5, 6, 7].contains(code) }

    /// The calling task was cancelled, so the transfer was removed.
    public var isCancelled: Bool { reason == .cancelled }

    /// The response body passed the client's `maxResponseBytes`; not retried (it would be again).
    public var isResponseTooLarge: Bool { reason == .responseTooLarge }

    /// The request could not be made as asked (a scheme other than HTTP(S), an option libcurl
    /// refused); it would fail again, so it is not retried.
    public var isInvalidRequest: Bool { reason == .invalidRequest }

    /// The client was shut down before the transfer completed.
    public var isShutdown: Bool { reason == .shutdown }

    /// Whether trying again later may succeed: every transport failure except an invalid request,
    /// a cancellation or a shutdown.
    public var isRetriable: Bool { reason == .transfer }

    public var description: String { "CurlError(code: \(code), \(message))" }

    static func cancelled() -> CurlError {
        CurlError(code: 42, message: "transfer cancelled", reason: .cancelled)
    }

    static func shutdown() -> CurlError {
        CurlError(code: 42, message: "HTTP client shut down", reason: .shutdown)
    }
}
