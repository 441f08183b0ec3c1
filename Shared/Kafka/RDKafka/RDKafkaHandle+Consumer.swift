import CRdKafka

/// The group consumer's calls (`KafkaConsumer`), behind the wall.
extension RDKafkaHandle {
    /// Subscribes to `topics`; the error when the subscription is refused.
    func subscribe(_ topics: [String]) -> KafkaError? {
        let subscription = RDKafkaTopicPartitionList.subscription(topics)
        defer { rd_kafka_topic_partition_list_destroy(subscription) }
        let code = rd_kafka_subscribe(pointer, subscription)
        return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(code: code)
    }

    /// A topic handle for ``storeOffset(topic:partition:offset:)``; destroy it with
    /// ``destroyTopicHandle(_:)`` before the client.
    func makeTopicHandle(_ name: String) -> OpaquePointer {
        rd_kafka_topic_new(pointer, name, nil)!
    }

    /// Destroys a handle made by ``makeTopicHandle(_:)``.
    static func destroyTopicHandle(_ topic: OpaquePointer) {
        rd_kafka_topic_destroy(topic)
    }

    /// Stores `offset + 1` of one partition (no list to build for one offset); the refusal, if any.
    static func storeOffset(topic: OpaquePointer, partition: Int32, offset: Int64) -> KafkaError? {
        let code = rd_kafka_offset_store(topic, partition, offset)
        return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(code: code)
    }

    /// Stores each partition's next offset; returns the partitions refused (a revoked partition
    /// refuses with `_STATE`) with their errors.
    func storeOffsets(_ nextOffsets: [KafkaTopicPartition: Int64]) -> [(KafkaTopicPartition, KafkaError)] {
        let list = RDKafkaTopicPartitionList.make(nextOffsets.map { ($0.key, $0.value) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_offsets_store(pointer, list)
        var refused: [(KafkaTopicPartition, KafkaError)] = []
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            guard element.err != RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            refused.append(
                (
                    KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition),
                    KafkaError(code: element.err)
                ))
        }
        return refused
    }

    /// Leaves the group (the revocation runs the rebalance callback on this thread); the error, if any.
    func closeConsumer() -> KafkaError? {
        let code = rd_kafka_consumer_close(pointer)
        return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(code: code)
    }
}
