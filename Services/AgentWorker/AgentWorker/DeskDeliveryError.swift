import WorkerKit

/// An event the desk did not accept: after every attempt the client may make, or at once when the
/// desk refused it with a 4xx that a retry cannot change (a wrong secret, say).
///
/// A failure a retry may cure (no answer, 408, 429, 5xx) is retriable for the worker runtime,
/// which owns the record's retry budget: the record is tried again with its backoff, then
/// dead-lettered, from where it can be replayed once the desk is back. A refusal is final.
public struct DeskDeliveryError: Error, Sendable, CustomStringConvertible, RetryAdvice {
    /// The desk's last HTTP status; nil when no response came (connection refused, timeout).
    public let status: Int?
    /// Attempts made.
    public let attempts: Int
    /// A short reason, e.g. `HTTP 503` or `connection failed`; never the event's content.
    public let reason: String
    /// Whether a later attempt may succeed (no answer, 408, 429 or 5xx).
    public let isRetriable: Bool
    /// The desk's `Retry-After`, when it sent one.
    public let retryAfter: Duration?

    /// Creates an error.
    public init(status: Int?, attempts: Int, reason: String, isRetriable: Bool, retryAfter: Duration? = nil) {
        self.status = status
        self.attempts = attempts
        self.reason = reason
        self.isRetriable = isRetriable
        self.retryAfter = retryAfter
    }

    public var description: String { "desk did not accept the event after \(attempts) attempt(s): \(reason)" }
}
