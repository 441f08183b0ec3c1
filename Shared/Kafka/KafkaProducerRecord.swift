/// A record to produce: topic, optional key, value bytes and headers.
///
/// The partition is chosen by the producer's `murmur2_random` partitioner from the key, so a key
/// lands on the same partition as it would from a Java client; records without a key are spread
/// randomly.
public struct KafkaProducerRecord: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// The record key, which selects the partition; `nil` for no key.
    public var key: [UInt8]?
    /// The record value.
    public var value: [UInt8]
    /// Headers, in order.
    public var headers: [KafkaHeader]

    /// A record with byte key and value.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// A record whose key is the UTF-8 encoding of `key`.
    public init(topic: String, key: String?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers)
    }
}
