import Hummingbird
import Logging
import WorkerKit

/// Builds `handover-bot-worker`: the worker runtime (consumer, keyed scheduler, health and
/// metrics routes) running ``BotHandler``.
///
/// `main.swift` calls this with configuration from the environment; tests call it with theirs.
/// `onServerRunning` receives the bound port (tests listen on port 0).
public func buildBotWorker(
    configuration: BotWorkerConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try buildWorker(
        configuration: configuration.worker,
        handler: BotHandler(behaviour: configuration.behaviour),
        logger: logger,
        onServerRunning: onServerRunning
    )
}
