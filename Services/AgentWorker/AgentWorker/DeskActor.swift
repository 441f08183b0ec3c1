import AgentDesk

/// Who acts on the desk: an agent (their own token), the external desk (the service token
/// `AGENT_API_TOKEN`), or the worker itself (webhook events and timers). Stored in the audit log.
public enum DeskActor: Sendable, Equatable {
    case agent(DeskAgent)
    case desk
    case worker

    /// `agent:<id>`, `desk` or `worker`.
    public var logName: String {
        switch self {
        case .agent(let agent): "agent:\(agent.id)"
        case .desk: "desk"
        case .worker: "worker"
        }
    }

    /// The agent, when an agent acts.
    public var agent: DeskAgent? {
        if case .agent(let agent) = self { return agent }
        return nil
    }
}
