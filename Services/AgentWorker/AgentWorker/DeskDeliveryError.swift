/// An event the desk did not accept: after every attempt, or at once when the desk refused it
/// with a 4xx that a retry cannot change (a wrong secret, say).
///
/// Not retriable for the worker runtime: the desk client has already retried with backoff, so the
/// record goes to the dead-letter topic, from which it can be replayed once the desk is back.
public struct DeskDeliveryError: Error, Sendable, CustomStringConvertible {
    /// The desk's last HTTP status; nil when no response came (connection refused, timeout).
    public let status: Int?
    /// Attempts made.
    public let attempts: Int
    /// A short reason, e.g. `HTTP 503` or `connection failed`; never the event's content.
    public let reason: String

    /// Creates an error.
    public init(status: Int?, attempts: Int, reason: String) {
        self.status = status
        self.attempts = attempts
        self.reason = reason
    }

    /// Always false: retries already happened inside the desk client.
    public var isRetriable: Bool { false }

    public var description: String { "desk did not accept the event after \(attempts) attempt(s): \(reason)" }
}
