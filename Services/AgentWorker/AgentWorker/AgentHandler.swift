import CurlHTTP
import Hummingbird
import Logging
import MessengerPlatform
import ServiceKit
import WorkerKit

/// The agent worker's behaviour over the worker runtime: a stateless bridge between the thread
/// control protocol and a human agent desk.
///
/// Events go to the desk (``DeskClient``); agents act through the agent API (``AgentRoutes``) on
/// the worker's port.
public struct AgentHandler: EventHandler {
    /// The configuration (primary app, desk, API token).
    public let configuration: AgentWorkerConfiguration
    /// Posts desk events.
    public let desk: DeskClient

    /// A handler for `configuration`, with its own HTTP client for the desk (a different host from
    /// the Graph API, so a slow desk cannot hold Graph connections).
    public init(configuration: AgentWorkerConfiguration) {
        self.configuration = configuration
        let http = CurlHTTPClient(
            configuration: .init(
                maxConnectionsPerHost: 4, defaultTimeout: configuration.desk?.timeout ?? .seconds(5),
                userAgent: AgentWorkerConfiguration.serviceName))
        desk = DeskClient(configuration: configuration.desk, http: http)
    }

    /// User messages (as owner), standby copies (kept only in the ownership view) and handovers.
    public var kinds: Set<EventKind> { [.messages, .standby, .handovers] }

    /// Never: echoes of the agents' own replies are not news for the desk.
    public var receivesPassiveEvents: Bool { false }

    /// Tells the desk when a conversation starts or ends, and what the user writes meanwhile.
    public func handle(_ event: WorkerEvent, context: WorkerContext) async throws {
        guard let messaging = event.messaging, let thread = event.thread,
            let deskEvent = DeskEvent(
                event: messaging, isStandby: event.isStandby, eventID: event.record.id, agentAppID: context.appID,
                thread: thread)
        else {
            return
        }
        try await desk.deliver(deskEvent, metrics: context.metrics, logger: context.logger)
        if deskEvent.type != .message {
            context.logger.info(
                "conversation \(deskEvent.type == .conversationStarted ? "started" : "ended") for the desk")
        }
    }

    /// The agent API under `/agent/threads`, bearer-token protected.
    public func addRoutes(to router: Router<BasicRequestContext>, runtime: WorkerRuntime) {
        AgentRoutes(
            runtime: runtime, token: AgentAPIToken(configuration.apiToken.value),
            primaryAppID: configuration.primaryAppID, threadControl: configuration.threadControl,
            clock: configuration.clock
        ).register(on: router)
    }
}
