import Kafka
import Synchronization

/// Which partitions are held up by a record the worker could not dead-letter.
///
/// A record that can never be handled goes to `<topic>.dlq`; if that produce keeps failing (the
/// topic is missing, the broker refuses it) the record is never dropped, so its partition stops
/// behind it. After ``threshold`` failed produces in a row the partition counts as stuck: the
/// worker's `/readyz` turns 503 (check `dead_letters`) and `worker_dlq_stuck_partitions` says how
/// many, so an alert fires while the worker keeps retrying with capped backoff.
final class DeadLetterHealth: Sendable {
    /// Failed dead-letter produces in a row at which a partition counts as stuck.
    let threshold: Int
    private let failures = Mutex<[KafkaTopicPartition: Int]>([:])
    private let metrics: WorkerMetrics

    init(threshold: Int, metrics: WorkerMetrics) {
        self.threshold = max(1, threshold)
        self.metrics = metrics
        metrics.deadLetterStuck(partitions: 0)
    }

    /// Counts a failed produce for a record of `partition`; returns the failures in a row.
    @discardableResult
    func failed(_ partition: KafkaTopicPartition) -> Int {
        let (count, stuck) = failures.withLock { failures in
            failures[partition, default: 0] += 1
            return (failures[partition]!, failures.values.filter { $0 >= threshold }.count)
        }
        metrics.deadLetterStuck(partitions: stuck)
        return count
    }

    /// The record of `partition` reached its dead-letter topic: the partition moves again.
    func succeeded(_ partition: KafkaTopicPartition) {
        let stuck = failures.withLock { failures in
            failures[partition] = nil
            return failures.values.filter { $0 >= threshold }.count
        }
        metrics.deadLetterStuck(partitions: stuck)
    }

    /// The partitions held up now, sorted.
    var stuckPartitions: [KafkaTopicPartition] {
        failures.withLock { $0.filter { $0.value >= threshold }.map(\.key) }
            .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}
