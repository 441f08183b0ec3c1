import Hummingbird
import Logging
import ServiceKit
import Simulator

// handover-simulator: a local Messenger Platform for tests and the local stack.
// Configuration: environment variables (see readme-simulator.md).
let environment = ServiceEnvironment()
let logger = try LogBootstrap.bootstrap(label: "handover-simulator", environment: environment)
do {
    let configuration = try SimulatorConfiguration(environment: environment)
    let application = try await buildSimulator(configuration: configuration, logger: logger)
    try await application.runService()
} catch {
    logger.critical("handover-simulator stopped", metadata: ["error": "\(error)"])
    throw error
}
