/// The offsets bounding a partition's records on the broker.
public struct KafkaWatermarks: Sendable, Hashable {
    /// The first offset still stored.
    public var low: Int64
    /// The offset the next record will get (one past the last).
    public var high: Int64

    /// Watermarks `low..<high`.
    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}

extension KafkaConsumer {
    /// The group's committed offsets of `partitions`, as the coordinator has them now (the next
    /// record to read). Partitions the group never committed are left out.
    public func committedOffsets(
        _ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(5)
    ) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let outcome: Result<[KafkaTopicPartition: Int64], KafkaError> = await withHandle { handle in
            RDKafkaOffsets.committed(partitions, handle: handle, timeout: timeout)
        }
        return try outcome.get()
    }

    /// The low and high watermarks of each of `partitions`, asked of their leaders.
    public func watermarks(
        _ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(5)
    ) async throws(KafkaError) -> [KafkaTopicPartition: KafkaWatermarks] {
        guard !partitions.isEmpty else { return [:] }
        let outcome: Result<[KafkaTopicPartition: KafkaWatermarks], KafkaError> = await withHandle { handle in
            RDKafkaOffsets.watermarks(partitions, handle: handle, timeout: timeout)
        }
        return try outcome.get()
    }
}
