/// An error a handler throws to say what the runtime should do with the record.
///
/// `WorkerError.retry` (or `.retry("reason")`) asks for another attempt with backoff inside the
/// record's turn; `.deadLetter("reason")` sends the record to `<topic>.dlq` at once. Other errors
/// are classified by their own `isRetriable` (Graph API, Kafka) or go to the dead-letter topic.
/// The reason lands in the `dlq-reason` header and in logs: keep payloads and secrets out of it.
public struct WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short, fixed explanation.
    public let reason: String
    /// Whether another attempt may succeed.
    public let isRetriable: Bool

    /// An error with a reason and retry decision.
    public init(reason: String, isRetriable: Bool) {
        self.reason = reason
        self.isRetriable = isRetriable
    }

    /// Try the record again later (a transient condition the handler detected itself).
    public static let retry = WorkerError(reason: "handler asked for a retry", isRetriable: true)

    /// Try the record again later, for `reason`.
    public static func retry(_ reason: String) -> WorkerError {
        WorkerError(reason: reason, isRetriable: true)
    }

    /// The record can never succeed: dead-letter it with `reason`.
    public static func deadLetter(_ reason: String) -> WorkerError {
        WorkerError(reason: reason, isRetriable: false)
    }

    /// `WorkerError(reason)`.
    public var description: String { "WorkerError(\(reason))" }
}
