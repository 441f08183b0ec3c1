import Kafka
import ServiceLifecycle

/// Keeps a ``KafkaProducer`` for the life of the service and flushes it on graceful shutdown.
///
/// Listed before the HTTP server in a service group, it is shut down after the server has stopped
/// accepting requests and finished the ones in flight, so their records are flushed, not dropped.
public struct KafkaProducerService: Service {
    let producer: KafkaProducer
    let flushTimeout: Duration

    /// Owns `producer`; on shutdown waits up to `flushTimeout` for queued records.
    public init(producer: KafkaProducer, flushTimeout: Duration = .seconds(10)) {
        self.producer = producer
        self.flushTimeout = flushTimeout
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await producer.shutdown(flushTimeout: flushTimeout)
    }
}
