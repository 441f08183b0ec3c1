/// One process of the local stack: which executable it runs and where it listens by default.
public enum StackService: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The development broker (librdkafka mock cluster); listens on a port it picks itself.
    case devbroker
    /// The simulated Messenger Platform (Graph API, webhooks, `/_sim/` control API).
    case simulator
    /// The webhook ingress, receiving both apps' webhooks.
    case ingress
    /// The primary (default) app's worker: automated answers and handovers.
    case botWorker = "bot-worker"
    /// The secondary app's worker: the live-agent bridge and the agent API.
    case agentWorker = "agent-worker"
    /// The worker that logs every change of thread control.
    case auditWorker = "audit-worker"

    /// The executable's file name in the build folder.
    public var executableName: String {
        switch self {
        case .devbroker: "handover-devbroker"
        case .simulator: "handover-simulator"
        case .ingress: "handover-ingress"
        case .botWorker: "handover-bot-worker"
        case .agentWorker: "handover-agent-worker"
        case .auditWorker: "handover-audit-worker"
        }
    }

    /// The HTTP port from the README's port table (`PORT`); nil for the broker, whose port is random.
    public var defaultPort: Int? {
        switch self {
        case .devbroker: nil
        case .simulator: 8070
        case .ingress: 8080
        case .botWorker: 8081
        case .agentWorker: 8082
        case .auditWorker: 8083
        }
    }

    /// The three workers, which start together once the rest is ready.
    public static let workers: [StackService] = [.botWorker, .agentWorker, .auditWorker]

    /// Start order: each service only needs the ones before it (the simulator retries webhooks
    /// until the ingress answers, but starting the ingress first keeps the first messages quick).
    public static let startOrder: [StackService] = [.devbroker, .ingress, .simulator] + workers

    public var description: String { rawValue }
}
