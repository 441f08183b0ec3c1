/// What a ``KafkaConsumer`` delivers through ``KafkaConsumer/events``, in the order it happened.
public enum KafkaConsumerEvent: Sendable, Hashable {
    /// A batch of records (at most the configured `maxBatchSize`), in offset order per partition.
    case records([KafkaConsumerRecord])
    /// Partitions were assigned to this consumer (the full set for the eager protocol, the added
    /// ones for cooperative rebalancing).
    case assigned([KafkaTopicPartition])
    /// Partitions were taken away. Stored offsets were committed just before; offsets stored for
    /// these partitions from now on are ignored, and records of them still buffered are dropped.
    case revoked([KafkaTopicPartition])
}
