/// Which online agent a waiting conversation is offered to: the least-loaded agent with room who
/// has not declined it, ties going to the first in the directory.
public enum AgentChoice {
    /// The agent to offer `conversation` to, or nil when nobody can take it.
    /// - Parameters:
    ///   - online: agents online now, in the directory's order.
    ///   - loads: offered and active conversations per agent.
    public static func agent(
        for conversation: Conversation, online: [DeskAgent], loads: [String: Int]
    ) -> DeskAgent? {
        var best: (agent: DeskAgent, load: Int)?
        for agent in online where !conversation.declinedBy.contains(agent.id) {
            let load = loads[agent.id, default: 0]
            guard load < agent.capacity else { continue }
            if best == nil || load < best!.load { best = (agent, load) }
        }
        return best?.agent
    }
}
