import Kafka
import ServiceKit

/// Publishes a request's records and waits, at most ``ackTimeout``, for the broker to hold them all.
///
/// The producer's own `message.timeout.ms` is set to the same bound, so a record that misses the
/// deadline fails in librdkafka too instead of landing after we told Meta to retry (it would then be
/// a duplicate, which consumers drop by event id, but we avoid it where we can).
struct EventPublisher: Sendable {
    let producer: KafkaProducer
    let ackTimeout: Duration
    let metrics: IngressMetrics

    /// Sends `records` as one batch; returns when every one is acknowledged, throws otherwise.
    func publish(_ records: [KafkaProducerRecord]) async throws {
        let start = ContinuousClock.now
        try await withDeadline(ackTimeout + .milliseconds(250)) {
            try await producer.send(records)
        }
        metrics.produced(duration: ContinuousClock.now - start)
    }
}

/// The deadline of ``withDeadline(_:operation:)`` passed before the operation finished.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "deadline exceeded" }
}

/// Runs `operation`, throwing ``DeadlineExceeded`` if it has not finished after `duration`.
func withDeadline<T: Sendable>(_ duration: Duration, operation: @escaping @Sendable () async throws -> T)
    async throws -> T
{
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
