import Foundation
import Logging
import ServiceKit

// handover-devbroker: a Kafka-protocol broker for laptops and tests (librdkafka's mock cluster),
// with the system's topics created. Configuration: DevBrokerConfiguration, README "Development broker".
let environment = ServiceEnvironment()
do {
    let logger = try LogBootstrap.bootstrap(label: "handover-devbroker", environment: environment)
    let configuration = try DevBrokerConfiguration(environment: environment)
    try await ServiceRunner.run([DevBrokerService(configuration: configuration, logger: logger)], logger: logger)
    exit(0)
} catch {
    FileHandle.standardError.write(Data("handover-devbroker: \(error)\n".utf8))
    exit(error is ConfigurationError ? 78 : 1)  // 78: EX_CONFIG
}
