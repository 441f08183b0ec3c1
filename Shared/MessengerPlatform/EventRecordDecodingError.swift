/// Why a Kafka record value is not an `EventRecord`: not JSON, or a required field missing or of
/// the wrong type. Never retriable. The description names the field, never its content.
public struct EventRecordDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short, fixed reason, e.g. "missing field kind".
    public let reason: String

    /// Creates an error with a short reason.
    public init(reason: String) {
        self.reason = reason
    }

    /// Always false: the same bytes fail the same way again (send them to a dead-letter topic).
    public var isRetriable: Bool { false }

    /// `EventRecordDecodingError: <reason>`.
    public var description: String { "EventRecordDecodingError: \(reason)" }
}
