import AgentDesk
import Hummingbird
import Logging
import WorkerKit

/// Builds `handover-agent-worker`: the worker runtime running ``AgentHandler`` over `store`, with
/// the agent API next to `/healthz`, `/readyz` and `/metrics`.
///
/// `main.swift` calls this with configuration from the environment and the store it opened
/// (``DeskStore/open(url:logger:)``, which applies the schema's migrations); tests call it with
/// theirs. `onServerRunning` receives the bound port (tests listen on port 0).
public func buildAgentWorker(
    configuration: AgentWorkerConfiguration,
    store: DeskStore,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let runtime = WorkerRuntime(configuration: configuration.worker, logger: logger)
    return try buildWorker(
        runtime: runtime,
        handler: try AgentHandler(configuration: configuration, store: store, runtime: runtime),
        onServerRunning: onServerRunning
    )
}
