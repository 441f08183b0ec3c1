import Hummingbird
import ServiceKit
import Simulator

// handover-simulator: a local Messenger Platform for tests and the local stack.
// `--help` lists the configuration.
await SimulatorConfiguration.command.run { environment, logger in
    let configuration = try SimulatorConfiguration(environment: environment)
    let application = try await buildSimulator(configuration: configuration, logger: logger)
    try await application.runService()
}
