import CRdKafka

/// The producer's blocking housekeeping calls (`KafkaProducer`), behind the wall.
extension RDKafkaHandle {
    /// Whether a metadata request lists at least one broker within `timeout` (blocks).
    func hasReachableBroker(timeout: Duration) -> Bool {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(pointer, 0, nil, &metadata, timeout.kafkaMilliseconds)
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        return code == RD_KAFKA_RESP_ERR_NO_ERROR && (metadata?.pointee.broker_cnt ?? 0) > 0
    }

    /// Waits up to `timeout` for every queued record's delivery report; true when none is left.
    func flush(timeout: Duration) -> Bool {
        rd_kafka_flush(pointer, timeout.kafkaMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// Records queued or in flight.
    var outQueueLength: Int { Int(rd_kafka_outq_len(pointer)) }

    /// Purges queued and in-flight records and serves their (purge) delivery reports here, for at
    /// most `rounds` polls of 100 ms: no poll thread is left to do it.
    func purgeAndServeReports(rounds: Int = 50) {
        rd_kafka_purge(pointer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
        var round = 0
        while rd_kafka_outq_len(pointer) > 0, round < rounds {
            rd_kafka_poll(pointer, 100)
            round += 1
        }
    }
}
