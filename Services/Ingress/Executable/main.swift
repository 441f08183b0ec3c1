import Hummingbird
import Ingress
import Kafka
import Logging
import ServiceKit

// handover-ingress: verified Messenger webhooks into Kafka. `--help` lists the configuration.
await IngressConfiguration.command.run { environment, logger in
    let configuration = try IngressConfiguration(environment: environment)
    logger.info(
        "starting",
        metadata: [
            "port": "\(configuration.port)", "apps": "\(configuration.apps.map(\.id))",
            "kafka.brokers": "\(configuration.kafka.bootstrapServers)", "librdkafka": "\(KafkaLibrary.version)",
        ])
    let app = try buildApplication(configuration: configuration, logger: logger)
    try await app.runService()
}
