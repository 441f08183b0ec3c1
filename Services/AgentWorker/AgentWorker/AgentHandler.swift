import AgentDesk
import CurlHTTP
import Hummingbird
import Logging
import MessengerPlatform
import ServiceKit
import ServiceLifecycle
import WorkerKit

/// The agent worker's behaviour over the worker runtime: the live-agent desk (``LiveDesk``) fed
/// by the thread's webhook events, worked by agents through the agent API (``AgentRoutes``), its
/// timers and the desk webhook's outbox running beside the consumer.
public struct AgentHandler: EventHandler {
    /// The configuration (primary app, desk, tokens, policy).
    public let configuration: AgentWorkerConfiguration
    /// The desk.
    public let desk: LiveDesk
    /// Posts desk events to the external desk's webhook.
    public let deskClient: DeskClient
    /// Tells the console's open pages when the desk changed.
    let changes: DeskChangeFeed
    /// The console's files.
    let consoleAssets: ConsoleAssets

    /// A handler over `store` for the runtime that will run it (its metrics and clock).
    /// Throws ``ConsoleAssetMissing`` when the console's files are not beside the executable.
    public init(configuration: AgentWorkerConfiguration, store: DeskStore, runtime: WorkerRuntime) throws {
        self.configuration = configuration
        consoleAssets = try ConsoleAssets.load()
        changes = DeskChangeFeed(store: store, interval: configuration.console.pollInterval, logger: runtime.logger)
        let http = CurlHTTPClient(
            configuration: .init(
                maxConnectionsPerHost: 4, defaultTimeout: configuration.desk?.timeout ?? .seconds(5),
                userAgent: AgentWorkerConfiguration.serviceName))
        deskClient = DeskClient(configuration: configuration.desk, http: http)
        desk = LiveDesk(
            store: store, policy: configuration.policy, agentAppID: configuration.worker.appID,
            primaryAppID: configuration.primaryAppID, clock: configuration.clock, metrics: runtime.metrics.factory,
            deliversEvents: configuration.desk != nil, logger: runtime.logger)
    }

    /// User messages (as owner), standby copies and handovers.
    public var kinds: Set<EventKind> { [.messages, .standby, .handovers] }

    /// Echoes too: the bot's and the Inbox's messages belong in the history. The desk never
    /// answers anything (it only records), so echoes cannot make it loop.
    public var receivesPassiveEvents: Bool { true }

    /// Records history and moves conversations.
    public func handle(_ event: WorkerEvent, context: WorkerContext) async throws {
        try await desk.handle(event, context: context)
    }

    /// The agent API under `/agent`, and the agent console under `/console`.
    public func addRoutes(to router: Router<BasicRequestContext>, runtime: WorkerRuntime) {
        let api = AgentRoutes(
            runtime: runtime, desk: desk, serviceToken: AgentAPIToken(configuration.apiToken.value),
            primaryAppID: configuration.primaryAppID, threadControl: configuration.threadControl,
            clock: configuration.clock)
        api.register(on: router.group("agent"))
        ConsoleRoutes(
            api: api,
            auth: ConsoleAuth(
                store: desk.store, agents: configuration.policy.agents, configuration: configuration.console,
                clock: configuration.clock),
            changes: changes, assets: consoleAssets,
            heartbeatInterval: max(1000, configuration.policy.presenceTimeout / 3)
        ).register(on: router)
    }

    /// The desk's timers, the console's live updates, and the outbox when an external desk is
    /// configured.
    public func services(runtime: WorkerRuntime) -> [any Service] {
        var services: [any Service] = [
            DeskTimers(desk: desk, runtime: runtime, interval: configuration.sweepInterval), changes,
        ]
        if configuration.desk != nil {
            services.append(
                DeskOutbox(store: desk.store, client: deskClient, runtime: runtime, clock: configuration.clock))
        }
        return services
    }
}
