import CRdKafka

/// Committed offsets and watermarks of a consumer handle (`KafkaConsumer+Offsets`), behind the wall.
enum RDKafkaOffsets {
    /// The group's committed offsets of `partitions`; partitions never committed are left out.
    static func committed(
        _ partitions: [KafkaTopicPartition], handle: OpaquePointer, timeout: Duration
    ) -> Result<[KafkaTopicPartition: Int64], KafkaError> {
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

    /// The low and high watermarks of each of `partitions`, asked of their leaders.
    static func watermarks(
        _ partitions: [KafkaTopicPartition], handle: OpaquePointer, timeout: Duration
    ) -> Result<[KafkaTopicPartition: KafkaWatermarks], KafkaError> {
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
}
