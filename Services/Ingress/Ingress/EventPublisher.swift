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

    /// Sends `records` as one batch; returns when every one is acknowledged, throws otherwise. It
    /// answers by the deadline without waiting for the produce, which cannot be withdrawn: it goes
    /// on in the background (bounded by `message.timeout.ms`) while the request is answered 503.
    func publish(_ records: [KafkaProducerRecord]) async throws {
        let start = ContinuousClock.now
        try await producer.send(records, answerWithin: ackTimeout + .milliseconds(250))
        metrics.produced(duration: ContinuousClock.now - start)
    }
}
