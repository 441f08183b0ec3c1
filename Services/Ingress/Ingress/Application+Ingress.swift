import Hummingbird
import Kafka
import Logging
import NIOCore
import ServiceKit

/// Builds the ingress application: HTTP routes, the Kafka producer and its flush on shutdown.
///
/// `main.swift` calls this with configuration from the environment; tests call it with theirs, so
/// what is tested is what runs. `onServerRunning` receives the bound port (tests listen on port 0).
public func buildApplication(
    configuration: IngressConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let serviceMetrics = ServiceMetrics()
    let metrics = IngressMetrics(factory: serviceMetrics.factory)
    var producerConfiguration = KafkaProducerConfiguration(kafka: configuration.kafka)
    // One deadline: the answer's. A record librdkafka still retries after we answered 503 would
    // land as a duplicate, so its own timeout is the same bound whatever the properties say.
    producerConfiguration.messageTimeout = configuration.ackTimeout
    producerConfiguration.properties["message.timeout.ms"] = nil
    // Every body we accept must fit one record (librdkafka's default is 1,000,000, below 1 MiB).
    if producerConfiguration.properties["message.max.bytes"] == nil {
        producerConfiguration.properties["message.max.bytes"] = String(
            configuration.maxBodyBytes + IngressConfiguration.recordOverheadBytes)
    }
    let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
    let publisher = EventPublisher(producer: producer, ackTimeout: configuration.ackTimeout, metrics: metrics)
    let rejections = RejectionLog(logger: logger)
    let intake = WebhookIntake(
        configuration: configuration, publisher: publisher, metrics: metrics, rejections: rejections, logger: logger)
    let brokerCheck = CachedCheck { await producer.isBrokerReachable(timeout: .seconds(1)) }

    let router = Router()
    router.addObservabilityRoutes(metrics: serviceMetrics) {
        Readiness(checks: ["kafka": await brokerCheck.check()])
    }
    IngressRoutes(
        intake: intake, apps: configuration.apps, maxBodyBytes: configuration.maxBodyBytes,
        retryAfterSeconds: configuration.retryAfterSeconds, budget: ByteBudget(limit: configuration.bodyBudgetBytes),
        metrics: metrics, rejections: rejections
    ).register(on: router)

    var app = Application(
        router: router,
        server: configuration.httpLimits.server,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "handover-ingress"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    app.addServices(KafkaProducerService(producer: producer))
    return app
}
