/// A demo agent of the local stack's desk: an account in the desk file the stack writes, with a
/// fresh token per run (in `credentials.env`).
public struct StackAgent: Sendable, Hashable {
    /// The agent's id (`alex`).
    public var id: String
    /// The name shown (`Alex`).
    public var name: String
    /// The agent's bearer token for the agent API.
    public var token: String

    /// An agent with a random token.
    public static func random(id: String, name: String) -> StackAgent {
        StackAgent(id: id, name: name, token: "\(id)-" + StackApp.randomToken())
    }

    /// The credentials-file variable holding the token: `AGENT_ALEX_TOKEN`.
    public var tokenVariable: String { "AGENT_\(id.uppercased())_TOKEN" }
}
