import Crypto
import Foundation

/// A person who works the desk: an account from the desk file.
public struct DeskAgent: Sendable, Equatable {
    /// Stable id (1 to 64 letters, digits, `-`, `_`, `.`), used in the store and the audit log.
    public var id: String
    /// The name shown to other agents and, with ``personaID``, to users.
    public var name: String
    /// SHA-256 of the agent's API token.
    public var tokenSHA256: [UInt8]
    /// Conversations the agent may hold at once (offered or active).
    public var capacity: Int
    /// Teams the agent belongs to (informational; shown in the queue).
    public var teams: [String]
    /// A Messenger persona (created by the Page through the Graph API) the agent's replies are
    /// sent as, so the user sees the agent's name and picture.
    public var personaID: String?

    /// An agent.
    public init(
        id: String, name: String, tokenSHA256: [UInt8], capacity: Int, teams: [String] = [], personaID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.capacity = capacity
        self.teams = teams
        self.personaID = personaID
    }

    /// Whether `id` can be an agent's id: 1 to 64 ASCII letters, digits, `-`, `_` or `.`.
    public static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// SHA-256 of `token`, as stored.
    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }
}

/// The desk's agents, looked up by token.
public struct AgentDirectory: Sendable {
    /// Every agent, in the file's order.
    public let agents: [DeskAgent]

    /// A directory of `agents`.
    public init(_ agents: [DeskAgent]) { self.agents = agents }

    /// The agent with `id`.
    public func agent(id: String) -> DeskAgent? { agents.first { $0.id == id } }

    /// The agent whose token is `token`. Every stored hash is compared in constant time, so the
    /// answer's timing says nothing about which agent (if any) nearly matched.
    public func agent(token: String) -> DeskAgent? {
        let hash = DeskAgent.hash(token)
        var found: DeskAgent?
        for agent in agents {
            var difference: UInt8 = 0
            for (a, b) in zip(agent.tokenSHA256, hash) { difference |= a ^ b }
            if difference == 0 && agent.tokenSHA256.count == hash.count && found == nil { found = agent }
        }
        return found
    }
}
