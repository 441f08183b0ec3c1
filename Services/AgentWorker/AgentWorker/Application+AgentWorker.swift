import Hummingbird
import Logging
import WorkerKit

/// Builds `handover-agent-worker`: the worker runtime running ``AgentHandler``, with the agent API
/// next to `/healthz`, `/readyz` and `/metrics`.
///
/// `main.swift` calls this with configuration from the environment; tests call it with theirs.
/// `onServerRunning` receives the bound port (tests listen on port 0).
public func buildAgentWorker(
    configuration: AgentWorkerConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try buildWorker(
        configuration: configuration.worker,
        handler: AgentHandler(configuration: configuration),
        logger: logger,
        onServerRunning: onServerRunning
    )
}
