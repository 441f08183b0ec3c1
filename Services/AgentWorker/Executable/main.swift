import AgentDesk
import AgentWorker
import ServiceKit

// handover-agent-worker: the live-agent app: the desk, its agent API and the external desk's webhook.
// `--help` lists the configuration.
await AgentWorkerConfiguration.command.run { environment, logger in
    let configuration = try AgentWorkerConfiguration(environment: environment)
    let url = configuration.storeURL.value
    let store: DeskStore
    do {
        store = try await DeskStore.open(url: url, logger: logger)
    } catch {
        // A file that cannot be opened is the configuration's fault (78); a database server that
        // does not answer is unavailable (69): the orchestrator retries.
        if url.hasPrefix("sqlite:") {
            throw ConfigurationError(variable: "AGENT_STORE_URL", problem: "cannot open the store: \(error)")
        }
        throw DeskStoreUnavailable(reason: "\(error)")
    }
    let app = try buildAgentWorker(configuration: configuration, store: store, logger: logger)
    try await ServiceRunner.run([app], logger: logger)
    await store.close()
}
