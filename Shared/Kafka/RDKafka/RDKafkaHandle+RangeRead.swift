import CRdKafka
import Logging

/// `KafkaRangeReader`'s reading, behind the wall.
extension RDKafkaHandle {
    /// Assigns this consumer handle to the ranges' starts and polls until each range is read or
    /// `timeout` passes; never joins a group, never commits.
    func readAssigned(
        _ ranges: [KafkaTopicPartition: Range<Int64>], timeout: Duration, logger: Logger,
        visit: (KafkaConsumerRecord) -> Void
    ) -> KafkaRangeReader.Summary {
        let handle = pointer
        let list = RDKafkaTopicPartitionList.make(ranges.map { ($0.key, $0.value.lowerBound) })
        let code = rd_kafka_assign(handle, list)
        rd_kafka_topic_partition_list_destroy(list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            logger.warning(
                "Kafka range reader could not assign", metadata: [KafkaLogKey.error: "\(KafkaError(code: code))"])
            return KafkaRangeReader.Summary(records: 0, complete: false)
        }
        var remaining = ranges
        var records = 0
        let deadline = ContinuousClock.now + timeout
        while !remaining.isEmpty, ContinuousClock.now < deadline {
            guard let message = rd_kafka_consumer_poll(handle, 50) else { continue }
            defer { rd_kafka_message_destroy(message) }
            guard let rkt = message.pointee.rkt else { continue }
            let partition = KafkaTopicPartition(
                topic: String(cString: rd_kafka_topic_name(rkt)), partition: message.pointee.partition)
            guard let range = remaining[partition] else { continue }
            switch message.pointee.err {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                let offset = message.pointee.offset
                if offset >= range.upperBound {
                    remaining[partition] = nil
                    continue
                }
                visit(KafkaConsumerRecord(message: message, topic: partition.topic))
                records += 1
                if offset + 1 >= range.upperBound { remaining[partition] = nil }
            case RD_KAFKA_RESP_ERR__PARTITION_EOF:
                remaining[partition] = nil
            default:
                logger.debug(
                    "Kafka range reader error",
                    metadata: [KafkaLogKey.error: "\(KafkaError(code: message.pointee.err))"])
            }
        }
        rd_kafka_assign(handle, nil)
        return KafkaRangeReader.Summary(records: records, complete: remaining.isEmpty)
    }
}
