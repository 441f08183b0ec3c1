import CRdKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// The consumer's dedicated poll thread: blocking `rd_kafka_consumer_poll` on the consumer queue,
/// records gathered into batches of up to `maxBatchSize`, handed to the ``ConsumerEventBuffer``
/// (which blocks this thread while the application is behind). The rebalance callback runs here
/// too, inside the poll.
final class RDKafkaConsumerLoop: Sendable {
    private let buffer: ConsumerEventBuffer
    private let partitions: ConsumerPartitionState
    private let maxBatchSize: Int
    private let logger: Logger
    /// Assignment events raised by the rebalance callback in the middle of a poll; delivered after
    /// the records polled before them.
    private let pendingControl = Mutex<[KafkaConsumerEvent]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)

    init(buffer: ConsumerEventBuffer, partitions: ConsumerPartitionState, maxBatchSize: Int, logger: Logger) {
        self.buffer = buffer
        self.partitions = partitions
        self.maxBatchSize = maxBatchSize
        self.logger = logger
    }

    /// Starts the poll thread on `handle`.
    func start(handle: RDKafkaHandle) {
        let thread = Thread { [self] in run(handle: handle) }
        thread.name = "kafka.consumer.poll"
        thread.start()
    }

    /// Asks the thread to stop and blocks until it has (call off the cooperative pool).
    func stopAndWait() {
        stopRequested.store(true, ordering: .releasing)
        buffer.stopWaiting()
        exited.wait()
    }

    private func run(handle: RDKafkaHandle) {
        var batch: [KafkaConsumerRecord] = []
        batch.reserveCapacity(maxBatchSize)
        var topicNames: [OpaquePointer: String] = [:]
        while !stopRequested.load(ordering: .acquiring) {
            // Block only when nothing is gathered yet; otherwise take what is already fetched.
            let message = rd_kafka_consumer_poll(handle.pointer, batch.isEmpty ? 100 : 0)
            deliverPendingControl(flushing: &batch)
            guard let message else {
                if !batch.isEmpty { flush(&batch) }
                continue
            }
            defer { rd_kafka_message_destroy(message) }
            let code = message.pointee.err
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                if code != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    // A consumer error message carries its error text as the payload.
                    let text = message.pointee.payload.map {
                        String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
                    }
                    let error = KafkaError(code: code, message: text)
                    logger.warning("Kafka consumer error", metadata: [KafkaLogKey.error: "\(error)"])
                }
                continue
            }
            let topic: String
            if let rkt = message.pointee.rkt {
                if let cached = topicNames[rkt] {
                    topic = cached
                } else {
                    topic = String(cString: rd_kafka_topic_name(rkt))
                    topicNames[rkt] = topic
                }
            } else {
                topic = ""
            }
            batch.append(KafkaConsumerRecord(message: message, topic: topic))
            if batch.count >= maxBatchSize { flush(&batch) }
        }
        if !batch.isEmpty { flush(&batch) }
        exited.signal()
    }

    private func flush(_ batch: inout [KafkaConsumerRecord]) {
        let records = batch
        batch.removeAll(keepingCapacity: true)
        buffer.push(.records(records))
    }

    /// Pushes assignment events raised since the last call, after the records gathered before them.
    func deliverPendingControl(flushing batch: inout [KafkaConsumerRecord]) {
        let events = pendingControl.withLock { events in
            defer { events = [] }
            return events
        }
        guard !events.isEmpty else { return }
        if !batch.isEmpty { flush(&batch) }
        for event in events { buffer.push(event) }
    }

    /// The rebalance callback: assigns or revokes with the group's protocol (eager or
    /// cooperative). Before giving partitions up it commits the stored offsets synchronously, so
    /// the next owner resumes right after the last record this member finished.
    func rebalance(
        handle: OpaquePointer, code: rd_kafka_resp_err_t, list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let changed = RDKafkaTopicPartitionList.partitions(of: list)
        let isCooperative = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) } == "COOPERATIVE"
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if isCooperative {
                if let failure = rd_kafka_incremental_assign(handle, list) {
                    logFailure("incremental assign", KafkaError(consuming: failure))
                }
            } else {
                let result = rd_kafka_assign(handle, list)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { logFailure("assign", KafkaError(code: result)) }
            }
            partitions.assigned(changed, replacing: !isCooperative)
            logger.info(
                "Kafka partitions assigned",
                metadata: [KafkaLogKey.partitions: "\(changed.map(\.description).joined(separator: ","))"])
            pendingControl.withLock { $0.append(.assigned(changed)) }

        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            if rd_kafka_assignment_lost(handle) == 0 {
                if let failure = Self.commitStoredOffsets(handle: handle) {
                    // At-least-once: the next owner reads the uncommitted records again.
                    logFailure("commit before revoke", failure)
                }
            }
            if isCooperative {
                if let failure = rd_kafka_incremental_unassign(handle, list) {
                    logFailure("incremental unassign", KafkaError(consuming: failure))
                }
            } else {
                rd_kafka_assign(handle, nil)
            }
            partitions.revoked(changed)
            logger.info(
                "Kafka partitions revoked",
                metadata: [KafkaLogKey.partitions: "\(changed.map(\.description).joined(separator: ","))"])
            pendingControl.withLock { $0.append(.revoked(changed)) }

        default:
            logFailure("rebalance", KafkaError(code: code))
            rd_kafka_assign(handle, nil)
            let previous = partitions.assignment
            partitions.clear()
            if !previous.isEmpty { pendingControl.withLock { $0.append(.revoked(previous)) } }
        }
    }

    /// Commits the stored offsets of the current assignment and waits for the answer. Returns the
    /// error, if any; having nothing to commit is not one.
    static func commitStoredOffsets(handle: OpaquePointer) -> KafkaError? {
        let code = rd_kafka_commit(handle, nil, 0)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR__NO_OFFSET else { return nil }
        return KafkaError(code: code)
    }

    private func logFailure(_ operation: String, _ error: KafkaError) {
        logger.warning(
            "Kafka consumer \(operation) failed", metadata: [KafkaLogKey.error: "\(error)"])
    }
}
