/// How far a consumer group is behind on one partition, as librdkafka's statistics report it.
///
/// `consumerLag` is the partition's high watermark (or last stable offset) minus the group's
/// committed offset: records produced but not yet committed by this consumer.
public struct KafkaPartitionLag: Sendable, Hashable {
    /// The topic name.
    public var topic: String
    /// The partition number.
    public var partition: Int32
    /// Records between the committed offset and the end of the partition.
    public var consumerLag: Int64

    /// A lag value.
    public init(topic: String, partition: Int32, consumerLag: Int64) {
        self.topic = topic
        self.partition = partition
        self.consumerLag = consumerLag
    }

    /// The topic and partition.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
}
