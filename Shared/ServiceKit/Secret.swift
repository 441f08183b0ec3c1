/// A secret value (app secret, access token, verify token) that never prints itself.
///
/// `description` and `debugDescription` are redacted, so a secret interpolated into a log line or
/// an error by mistake shows `<redacted>`; code that needs the value reads `value` explicitly.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself. Read it only where it is used (signing, an Authorization header).
    public let value: String

    /// Wraps `value`.
    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "Secret(<redacted>)" }
}
