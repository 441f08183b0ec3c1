import CRdKafka

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
            let list = RDKafkaTopicPartitionList.make(partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let code = rd_kafka_committed(handle, list, timeout.kafkaMilliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return .failure(KafkaError(code: code)) }
            var offsets: [KafkaTopicPartition: Int64] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR, element.offset >= 0 else { continue }
                offsets[KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)] =
                    element.offset
            }
            return .success(offsets)
        }
        return try outcome.get()
    }

    /// The low and high watermarks of each of `partitions`, asked of their leaders.
    public func watermarks(
        _ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(5)
    ) async throws(KafkaError) -> [KafkaTopicPartition: KafkaWatermarks] {
        guard !partitions.isEmpty else { return [:] }
        let outcome: Result<[KafkaTopicPartition: KafkaWatermarks], KafkaError> = await withHandle { handle in
            var marks: [KafkaTopicPartition: KafkaWatermarks] = [:]
            for partition in partitions {
                var low: Int64 = 0
                var high: Int64 = 0
                let code = rd_kafka_query_watermark_offsets(
                    handle, partition.topic, partition.partition, &low, &high,
                    timeout.kafkaMilliseconds)
                guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return .failure(KafkaError(code: code)) }
                marks[partition] = KafkaWatermarks(low: low, high: high)
            }
            return .success(marks)
        }
        return try outcome.get()
    }
}
