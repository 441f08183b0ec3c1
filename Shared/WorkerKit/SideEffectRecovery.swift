import Kafka
import Logging
import MessengerPlatform
import ServiceKit
import Synchronization

/// Recovers, when partitions are assigned, the side effects done for records that were handled
/// but not committed, so a worker that crashed (SIGKILL, OOM) and restarted, or a member taking
/// over a dead member's partitions, does not answer those records again.
///
/// A message sent through ``WorkerContext/once(_:_:)`` carries its ``SideEffectTag`` in
/// `metadata`, and Meta echoes it to the sending app's webhook: the echo lands in the same
/// partition as the event that caused it (same thread key), after it. So before handling a newly
/// assigned partition from its committed offset, the runtime reads it ahead, from that offset to
/// its end at assignment (at most ``WorkerConfiguration/recoveryScanLimit`` records, within
/// ``WorkerConfiguration/recoveryTimeout``), and records every tag it finds in the ledger.
///
/// Effects whose echo had not reached Kafka when the partition was assigned (a crash in the
/// second between the send and the echo's delivery) are not seen, and thread-control calls have
/// no echo to this app: those can still repeat. Nothing is ever skipped that was not done.
struct SideEffectRecovery: Sendable {
    let consumer: KafkaConsumer
    let configuration: WorkerConfiguration
    let ledger: SideEffectLedger
    let metrics: WorkerMetrics
    let logger: Logger

    /// The tag an echo of this app's own message carries, if it is one.
    static func tag(of event: WorkerEvent, appID: AppID) -> SideEffectTag? {
        guard event.type == .echo, let message = event.messaging?.message, message.appID == appID,
            let metadata = message.metadata
        else { return nil }
        return SideEffectTag(metadata: metadata)
    }

    /// Reads `partitions` ahead and records the tags found. Never throws: when the broker cannot
    /// answer, it logs that records after the last commit may be answered again, and returns.
    func recover(_ assigned: [KafkaTopicPartition]) async {
        let limit = Int64(configuration.recoveryScanLimit)
        // Echoes are routed to `messages` (or `standby`); handovers and role changes hold none.
        let echoTopics: Set = [configuration.topics.topic(for: .messages), configuration.topics.topic(for: .standby)]
        let partitions = assigned.filter { echoTopics.contains($0.topic) }
        guard limit > 0, !partitions.isEmpty else { return }
        let start = ContinuousClock.now
        let timeout = configuration.recoveryTimeout
        do {
            let committed = try await consumer.committedOffsets(partitions, timeout: timeout)
            let marks = try await consumer.watermarks(partitions, timeout: timeout)
            var ranges: [KafkaTopicPartition: Range<Int64>] = [:]
            for partition in partitions {
                guard let mark = marks[partition] else { continue }
                let from = max(committed[partition] ?? mark.low, mark.low)
                let to = min(mark.high, from + limit)
                if from < to { ranges[partition] = from..<to }
            }
            guard !ranges.isEmpty else { return }
            let appID = configuration.appID
            let ledger = self.ledger
            let found = TagCount()
            let summary = try await KafkaRangeReader.read(
                ranges, configuration: configuration.kafka, clientID: configuration.serviceName,
                timeout: max(.milliseconds(100), timeout - (ContinuousClock.now - start)), logger: logger
            ) { record in
                // Headers say what a record is without parsing it; only our app's echoes matter.
                guard record.header(RecordHeaders.Name.type).map({ String(decoding: $0, as: UTF8.self) }) == "echo",
                    record.header(RecordHeaders.Name.appID).map({ String(decoding: $0, as: UTF8.self) })
                        == appID.rawValue,
                    let decoded = try? EventRecord.decode(record.value)
                else { return }
                let event = WorkerEvent(
                    record: decoded, topic: record.topic, partition: record.partition, offset: record.offset)
                guard let tag = Self.tag(of: event, appID: appID) else { return }
                ledger.record(tag)
                found.add(1)
            }
            let elapsed = ContinuousClock.now - start
            metrics.recovery(records: summary.records, recovered: found.value, duration: elapsed)
            let metadata: Logger.Metadata = [
                "partitions": "\(ranges.count)", "records.read": "\(summary.records)",
                "side_effects.recovered": "\(found.value)", "duration.ms": "\(elapsed.wholeMilliseconds)",
            ]
            if summary.complete {
                logger.info(
                    "read ahead of the committed offsets; side effects already done will not be repeated",
                    metadata: metadata)
            } else {
                logger.warning(
                    "read-ahead stopped at its time limit: some records after the last commit may be answered again",
                    metadata: metadata)
            }
        } catch {
            logger.warning(
                "read-ahead failed: records after the last commit may be answered again",
                metadata: ["error": "\(error)"])
        }
    }
}

/// A count shared with the range reader's thread.
private final class TagCount: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}
