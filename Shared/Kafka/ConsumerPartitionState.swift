import Synchronization

/// What a consumer knows about its partitions: the current assignment (from rebalance callbacks)
/// and the latest lag per partition (from statistics). Lag is reported only for assigned
/// partitions, so a partition that moved to another member is not counted twice.
final class ConsumerPartitionState: Sendable {
    private struct State {
        var assignment: Set<KafkaTopicPartition> = []
        var lag: [KafkaTopicPartition: Int64] = [:]
    }

    private let state = Mutex(State())

    /// Partitions were assigned; the eager protocol replaces the assignment, cooperative adds.
    func assigned(_ partitions: [KafkaTopicPartition], replacing: Bool) {
        state.withLock { state in
            if replacing { state.assignment = [] }
            state.assignment.formUnion(partitions)
        }
    }

    /// Partitions were revoked or lost.
    func revoked(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            state.assignment.subtract(partitions)
            for partition in partitions { state.lag[partition] = nil }
        }
    }

    /// Everything was unassigned.
    func clear() {
        state.withLock { $0 = State() }
    }

    /// The current assignment, sorted.
    var assignment: [KafkaTopicPartition] {
        state.withLock { $0.assignment }.sorted()
    }

    /// Takes the lag values of a statistics document.
    func update(lag: [KafkaTopicPartition: Int64]) {
        state.withLock { $0.lag = lag }
    }

    /// Lag of the assigned partitions, sorted by topic and partition.
    var lag: [KafkaPartitionLag] {
        let (assignment, lag) = state.withLock { ($0.assignment, $0.lag) }
        return lag.filter { assignment.contains($0.key) }.sorted { $0.key < $1.key }.map {
            KafkaPartitionLag(topic: $0.key.topic, partition: $0.key.partition, consumerLag: $0.value)
        }
    }
}
