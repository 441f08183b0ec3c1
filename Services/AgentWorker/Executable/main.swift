import AgentWorker
import Foundation
import ServiceKit

// handover-agent-worker: the live-agent app's bridge to an agent desk, and the agent API.
// Configuration: see README, "Agent worker".
let environment = ServiceEnvironment()
do {
    let logger = try LogBootstrap.bootstrap(label: AgentWorkerConfiguration.serviceName, environment: environment)
    let configuration = try AgentWorkerConfiguration(environment: environment)
    let app = try buildAgentWorker(configuration: configuration, logger: logger)
    try await ServiceRunner.run([app], logger: logger)
} catch {
    FileHandle.standardError.write(Data("\(AgentWorkerConfiguration.serviceName): \(error)\n".utf8))
    exit(error is ConfigurationError ? 78 : 1)  // 78: EX_CONFIG
}
