/// One HTTP header field, as sent or as received.
public struct CurlHeader: Sendable, Hashable {
    /// The field name, e.g. `Content-Type`; compared case-insensitively by `CurlResponse.header(_:)`.
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Creates a header field: `CurlHeader("Content-Type", "application/json")`.
    public init(_ name: String, _ value: String) {
        self.init(name: name, value: value)
    }
}
