/// Why a webhook body could not be split into items: not JSON, too deeply nested, or JSON without
/// the `entry` array envelope. Never retriable: the same bytes fail the same way again.
///
/// The description is short and never contains payload bytes, only a reason and a byte offset.
public struct WebhookParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members (`.invalidJSON`, ...).
    public let code: Code
    /// A short, fixed reason, e.g. "unterminated string" or "no entry array".
    public let reason: String
    /// The byte offset in the body where the problem was found, when known.
    public let offset: Int?

    /// Creates an error; the module throws these, tests and callers may build them for comparison.
    public init(code: Code, reason: String, offset: Int? = nil) {
        self.code = code
        self.reason = reason
        self.offset = offset
    }

    /// Always false: parsing is deterministic, a retry of the same body fails the same way.
    public var isRetriable: Bool { false }

    /// A short text for logs: code, reason and offset, never payload bytes.
    public var description: String {
        if let offset {
            return "WebhookParseError(\(code)): \(reason) at byte \(offset)"
        }
        return "WebhookParseError(\(code)): \(reason)"
    }

    static func invalidJSON(_ reason: String, at offset: Int) -> WebhookParseError {
        WebhookParseError(code: .invalidJSON, reason: reason, offset: offset)
    }

    static func tooDeep(_ maxDepth: Int, at offset: Int) -> WebhookParseError {
        WebhookParseError(code: .tooDeep, reason: "nesting deeper than \(maxDepth)", offset: offset)
    }

    static func envelope(_ reason: String, at offset: Int?) -> WebhookParseError {
        WebhookParseError(code: .invalidEnvelope, reason: reason, offset: offset)
    }
}
