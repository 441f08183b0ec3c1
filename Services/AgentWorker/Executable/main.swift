import AgentWorker
import ServiceKit

// handover-agent-worker: the live-agent app's bridge to an agent desk, and the agent API.
// `--help` lists the configuration.
await AgentWorkerConfiguration.command.run { environment, logger in
    let configuration = try AgentWorkerConfiguration(environment: environment)
    let app = try buildAgentWorker(configuration: configuration, logger: logger)
    try await ServiceRunner.run([app], logger: logger)
}
