/// One header of a Kafka record: a name and opaque bytes.
///
/// Kafka allows several headers with the same key; a record keeps them in order.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name, e.g. `event-id`.
    public var key: String
    /// The header value as bytes (an absent value on the wire arrives as an empty array).
    public var value: [UInt8]

    /// A header with raw bytes.
    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    /// A header whose value is the UTF-8 encoding of `value`.
    public init(key: String, value: String) {
        self.init(key: key, value: Array(value.utf8))
    }

    /// The value decoded as UTF-8 (invalid sequences repaired), for headers that carry text.
    public var stringValue: String { String(decoding: value, as: UTF8.self) }
}
