/// A record read by a ``KafkaConsumer``.
///
/// Pass it back to ``KafkaConsumer/storeOffset(_:)`` once it is handled; only stored offsets are
/// committed (at-least-once delivery).
public struct KafkaConsumerRecord: Sendable, Hashable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset within the partition.
    public var offset: Int64
    /// The record key, `nil` when the record has none.
    public var key: [UInt8]?
    /// The record value (empty for a record with a null value).
    public var value: [UInt8]
    /// Headers, in order.
    public var headers: [KafkaHeader]
    /// The record timestamp in milliseconds since 1970 (create or log-append time), when known.
    public var timestamp: Int64?

    /// A record; consumers build these from what the broker delivered, tests may build their own.
    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        headers: [KafkaHeader] = [], timestamp: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The topic and partition the record belongs to.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    /// The key decoded as UTF-8, when there is one.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }

    /// The value of the first header named `key`, when present.
    public func header(_ key: String) -> [UInt8]? {
        headers.first { $0.key == key }?.value
    }
}
