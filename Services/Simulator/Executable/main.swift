import Foundation
import Hummingbird
import Logging
import ServiceKit
import Simulator

// handover-simulator: a local Messenger Platform for tests and the local stack.
// Configuration: environment variables (see README, "The simulator").
let environment = ServiceEnvironment()
do {
    let logger = try LogBootstrap.bootstrap(label: "handover-simulator", environment: environment)
    let configuration = try SimulatorConfiguration(environment: environment)
    let application = try await buildSimulator(configuration: configuration, logger: logger)
    try await application.runService()
} catch {
    // A clear line and an exit status, not a trap with a backtrace (e.g. when the port is taken).
    FileHandle.standardError.write(Data("handover-simulator: \(error)\n".utf8))
    exit(error is ConfigurationError ? 78 : 1)  // 78: EX_CONFIG
}
