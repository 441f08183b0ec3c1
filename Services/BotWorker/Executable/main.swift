import BotWorker
import Foundation
import ServiceKit

// handover-bot-worker: the primary (default) app's automated answers and handovers, from Kafka.
// Configuration: see README, "Bot worker".
let environment = ServiceEnvironment()
do {
    let logger = try LogBootstrap.bootstrap(label: BotWorkerConfiguration.serviceName, environment: environment)
    let configuration = try BotWorkerConfiguration(environment: environment)
    let app = try buildBotWorker(configuration: configuration, logger: logger)
    try await ServiceRunner.run([app], logger: logger)
} catch {
    FileHandle.standardError.write(Data("\(BotWorkerConfiguration.serviceName): \(error)\n".utf8))
    exit(error is ConfigurationError ? 78 : 1)  // 78: EX_CONFIG
}
