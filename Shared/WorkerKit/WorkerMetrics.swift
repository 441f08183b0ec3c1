import Kafka
import Metrics
import ServiceKit
import Synchronization

/// The runtime's metrics, created over the service's own factory: events by type and outcome,
/// handler latency, records in flight, dead letters, thread-control calls, and consumer lag.
final class WorkerMetrics: Sendable {
    /// The `outcome` label of `worker_events_total`.
    enum Outcome: String, Sendable {
        case handled
        case skippedOtherApp = "skipped_other_app"
        case skippedPassive = "skipped_passive"
        case duplicate
        case deadLettered = "dead_lettered"
        case retried
    }

    let factory: any MetricsFactory
    private let groupID: String
    private let handlerDuration: Metrics.Timer
    private let inflight: Gauge
    /// The lag gauges published so far, so partitions this member lost can be removed.
    private let lagGauges = Mutex<[KafkaTopicPartition: Gauge]>([:])

    init(factory: any MetricsFactory, groupID: String) {
        self.factory = factory
        self.groupID = groupID
        handlerDuration = Metrics.Timer(label: "worker_handler_duration_seconds", factory: factory)
        inflight = Gauge(label: "worker_inflight_events", factory: factory)
        inflight.record(0)
    }

    func event(type: String, outcome: Outcome) {
        Counter(
            label: "worker_events_total", dimensions: [("type", type), ("outcome", outcome.rawValue)], factory: factory
        )
        .increment()
    }

    func handled(duration: Duration) {
        handlerDuration.record(duration)
    }

    func inflight(_ count: Int) {
        inflight.record(count)
    }

    /// `handovers_total{type}`: a thread-control call this worker made successfully.
    func handover(_ type: String) {
        Counter(label: "handovers_total", dimensions: [("type", type)], factory: factory).increment()
    }

    /// One read-ahead on assignment: records read, side effects recovered, and how long it held
    /// the partitions back.
    func recovery(records: Int, recovered: Int, duration: Duration) {
        Counter(label: "worker_recovery_records_read_total", factory: factory).increment(by: records)
        Counter(label: "worker_recovered_side_effects_total", factory: factory).increment(by: recovered)
        Metrics.Timer(label: "worker_recovery_duration_seconds", factory: factory).record(duration)
    }

    func deadLettered(topic: String) {
        Counter(label: "worker_dlq_records_total", dimensions: [("topic", topic)], factory: factory).increment()
    }

    /// `worker_dlq_produce_failures_total{topic}`: a dead-letter produce that failed (it is retried).
    func deadLetterFailed(topic: String) {
        Counter(label: "worker_dlq_produce_failures_total", dimensions: [("topic", topic)], factory: factory)
            .increment()
    }

    /// `worker_dlq_stuck_partitions`: partitions held up behind a record that cannot be dead-lettered.
    func deadLetterStuck(partitions: Int) {
        Gauge(label: "worker_dlq_stuck_partitions", factory: factory).record(partitions)
    }

    /// Publishes `kafka_consumergroup_lag{group,topic,partition}` for the partitions in `lags` and
    /// removes the series of partitions no longer reported (revoked: another member reports them).
    func publishLag(_ lags: [KafkaPartitionLag]) {
        lagGauges.withLock { gauges in
            var seen: Set<KafkaTopicPartition> = []
            for lag in lags {
                let partition = lag.topicPartition
                seen.insert(partition)
                // librdkafka reports -1 until it knows an offset; keep the last real value.
                guard lag.consumerLag >= 0 else { continue }
                let gauge =
                    gauges[partition]
                    ?? Gauge(
                        label: "kafka_consumergroup_lag",
                        dimensions: [("group", groupID), ("topic", lag.topic), ("partition", String(lag.partition))],
                        factory: factory)
                gauges[partition] = gauge
                gauge.record(lag.consumerLag)
            }
            for (partition, gauge) in gauges where !seen.contains(partition) {
                gauge.destroy()
                gauges[partition] = nil
            }
        }
    }
}
