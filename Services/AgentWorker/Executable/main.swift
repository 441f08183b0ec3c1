import AgentDesk
import AgentWorker
import ServiceKit

// handover-agent-worker: the live-agent app: the desk, its agent API and the external desk's webhook.
// `--help` lists the configuration.
await AgentWorkerConfiguration.command.run { environment, logger in
    let configuration = try AgentWorkerConfiguration(environment: environment)
    let store: DeskStore
    do {
        store = try await DeskStore.open(url: configuration.storeURL.value, logger: logger)
    } catch {
        throw ConfigurationError(variable: "AGENT_STORE_URL", problem: "cannot open the store: \(error)")
    }
    let app = try buildAgentWorker(configuration: configuration, store: store, logger: logger)
    try await ServiceRunner.run([app], logger: logger)
    await store.close()
}
