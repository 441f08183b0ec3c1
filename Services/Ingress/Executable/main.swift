import Foundation
import Hummingbird
import Ingress
import Kafka
import Logging
import ServiceKit

// handover-ingress: verified Messenger webhooks into Kafka. Configuration: README, "Ingress".
let environment = ServiceEnvironment()
do {
    let logger = try LogBootstrap.bootstrap(label: "handover-ingress", environment: environment)
    let configuration = try IngressConfiguration(environment: environment)
    logger.info(
        "starting",
        metadata: [
            "port": "\(configuration.port)", "apps": "\(configuration.apps.map(\.id))",
            "kafka.brokers": "\(configuration.kafka.bootstrapServers)", "librdkafka": "\(KafkaLibrary.version)",
        ])
    let app = try buildApplication(configuration: configuration, logger: logger)
    try await app.runService()
} catch {
    FileHandle.standardError.write(Data("handover-ingress: \(error)\n".utf8))
    exit(error is ConfigurationError ? 78 : 1)  // 78: EX_CONFIG
}
