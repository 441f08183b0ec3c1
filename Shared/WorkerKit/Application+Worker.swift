import Hummingbird
import Kafka
import Logging
import MessengerPlatform
import ServiceKit

/// Builds a worker: the consumer group over the topics of `handler.kinds`, the keyed scheduler
/// and handler pool, dead-lettering, and an HTTP server with `/healthz`, `/readyz`, `/metrics`
/// and the handler's routes.
///
/// `main.swift` calls this with configuration from the environment; tests call it with theirs.
/// `onServerRunning` receives the bound port (tests listen on port 0). Run the result with
/// `runService()` (SIGTERM drains) or inside a `ServiceGroup`.
public func buildWorker(
    configuration: WorkerConfiguration, handler: some EventHandler, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try buildWorker(
        runtime: WorkerRuntime(configuration: configuration, logger: logger), handler: handler,
        onServerRunning: onServerRunning)
}

/// Builds a worker on a runtime the caller made, e.g. to inspect its ownership view in tests.
public func buildWorker(
    runtime: WorkerRuntime, handler: some EventHandler,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let configuration = runtime.configuration
    var logger = runtime.logger
    logger[metadataKey: "kafka.group.id"] = .string(configuration.groupID)
    let topics = handler.kinds.map { configuration.topics.topic(for: $0) }.sorted()
    // A bounded prefetch (see `prefetchProperties`).
    var kafka = configuration.kafka
    for (name, value) in WorkerConfiguration.prefetchProperties where kafka.properties[name] == nil {
        kafka.properties[name] = value
    }
    let consumer = try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(
            kafka: kafka, groupID: configuration.groupID, topics: topics,
            maxBatchSize: configuration.batchSize, autoCommitInterval: configuration.commitInterval,
            fetchWaitMax: configuration.fetchWaitMax,
            statisticsInterval: configuration.statisticsInterval, clientID: configuration.serviceName),
        logger: logger)
    let producer: KafkaProducer
    do {
        producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(kafka: configuration.kafka, clientID: configuration.serviceName),
            logger: logger)
    } catch {
        Task { await consumer.shutdown() }
        throw error
    }
    let deadLetterHealth = DeadLetterHealth(
        threshold: configuration.deadLetterFailuresBeforeUnready, metrics: runtime.workerMetrics)
    let processor = RecordProcessor(
        handler: handler, runtime: runtime, producer: producer,
        dedupe: DedupeWindow(capacity: configuration.dedupeWindow), deadLetterHealth: deadLetterHealth, logger: logger)
    let recovery = SideEffectRecovery(
        consumer: consumer, configuration: configuration, ledger: runtime.sideEffects, metrics: runtime.workerMetrics,
        logger: logger)
    let service = WorkerConsumerService(
        consumer: consumer, producer: producer, processor: processor, recovery: recovery, configuration: configuration,
        metrics: runtime.workerMetrics, http: runtime.http, logger: logger)
    let brokerCheck = CachedCheck { await producer.isBrokerReachable(timeout: .seconds(1)) }

    let router = Router()
    router.add(middleware: LagRefreshMiddleware(consumer: consumer, metrics: runtime.workerMetrics))
    router.addObservabilityRoutes(metrics: runtime.metrics) {
        Readiness(checks: [
            "kafka": await brokerCheck.check(), "consumer_group": service.hasJoined,
            "dead_letters": deadLetterHealth.stuckPartitions.isEmpty,
        ])
    }
    handler.addRoutes(to: router, runtime: runtime)

    var app = Application(
        router: router,
        server: configuration.httpLimits.server,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serviceName),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    app.addServices(service)
    for extra in handler.services(runtime: runtime) { app.addServices(extra) }
    logger.info(
        "worker configured",
        metadata: [
            "kafka.topics": "\(topics.joined(separator: ","))", "configuration": "\(configuration)",
            "librdkafka": "\(KafkaLibrary.version)",
        ])
    return app
}
