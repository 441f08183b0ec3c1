import Foundation

/// How the desk runs, from the desk file (`AGENT_DESK_FILE`, JSON): its agents, how conversations
/// reach them, its timers, its business hours and what the user is told when no one can answer.
///
/// ```json
/// {
///   "agents": [{"id": "alice", "name": "Alice", "token_sha256": "<hex>", "capacity": 3,
///               "teams": ["billing"], "persona_id": "1234"}],
///   "assignment": "auto",
///   "offer_timeout_seconds": 60, "max_offers": 3, "queue_timeout_seconds": 900,
///   "agent_silence_seconds": 600, "on_agent_silence": "requeue",
///   "presence_timeout_seconds": 60, "transcript_limit": 20,
///   "business_hours": {"*": {"time_zone": "Europe/Paris", "week": {"mon": ["09:00-18:00"]}}},
///   "messages": {"no_agent_online": "…", "outside_business_hours": "…", "expired": "…", "agent_silent": "…"}
/// }
/// ```
/// Every field but `agents` is optional. An agent gives `token_sha256` (hex of SHA-256 of the
/// token, the form to use) or `token` (the token itself, for local trials).
public struct DeskPolicy: Sendable {
    /// How a queued conversation finds an agent.
    public enum Assignment: String, Sendable, Codable {
        /// Offered to the least-loaded online agent with room, who accepts or declines.
        case auto
        /// Agents claim conversations from the queue themselves.
        case claim
    }

    /// What happens when the holding agent is silent too long.
    public enum SilenceAction: String, Sendable, Codable {
        /// Back to the queue, for another agent.
        case requeue
        /// Back to the bot.
        case handBack = "hand_back"
    }

    public var agents: AgentDirectory
    public var assignment: Assignment = .auto
    /// An offer not accepted within this long goes back to the queue.
    public var offerTimeout: Int64 = 60_000
    /// After this many unanswered offers the bot gets the thread back.
    public var maxOffers = 3
    /// A conversation waiting this long in the queue goes back to the bot.
    public var queueTimeout: Int64 = 900_000
    /// An assigned agent silent this long triggers ``onAgentSilence``.
    public var agentSilence: Int64 = 600_000
    public var onAgentSilence: SilenceAction = .requeue
    /// An agent not heard from (heartbeat or any API call) this long is offline.
    public var presenceTimeout: Int64 = 60_000
    /// History entries in the desk's `conversation.queued` event.
    public var transcriptLimit = 20
    /// Opening hours by page id, `*` for every other page; none: always open.
    public var businessHours: [String: BusinessHours] = [:]
    /// What the user is told when the bot gets the thread back without an agent.
    public var messages = Messages()

    /// The user-facing texts (nil: say nothing).
    public struct Messages: Sendable, Codable, Equatable {
        public var noAgentOnline: String? =
            "Sorry, no one from our team is available right now. Our assistant will keep helping you."
        public var outsideBusinessHours: String? =
            "Our team is away at the moment. Our assistant will keep helping you, and we will get back to you."
        public var expired: String? =
            "Sorry, no one from our team could take your conversation in time. Our assistant will keep helping you."
        public var agentSilent: String? = nil

        public init() {}

        enum CodingKeys: String, CodingKey {
            case noAgentOnline = "no_agent_online", outsideBusinessHours = "outside_business_hours", expired
            case agentSilent = "agent_silent"
        }

        public init(from decoder: any Decoder) throws {
            let defaults = Messages()
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func text(_ key: CodingKeys, _ fallback: String?) throws -> String? {
                container.contains(key) ? try container.decodeIfPresent(String.self, forKey: key) : fallback
            }
            noAgentOnline = try text(.noAgentOnline, defaults.noAgentOnline)
            outsideBusinessHours = try text(.outsideBusinessHours, defaults.outsideBusinessHours)
            expired = try text(.expired, defaults.expired)
            agentSilent = try text(.agentSilent, defaults.agentSilent)
        }
    }

    /// A policy with `agents` and the defaults.
    public init(agents: [DeskAgent] = []) {
        self.agents = AgentDirectory(agents)
    }

    /// Whether per-agent accounts exist. Without them the queue is worked through the service
    /// token (an external desk) and the online check and fallbacks are off.
    public var hasAgents: Bool { !agents.agents.isEmpty }

    /// The hours for `pageID`: its own, else `*`, else nil (always open).
    public func hours(forPage pageID: String) -> BusinessHours? { businessHours[pageID] ?? businessHours["*"] }

    // MARK: The file

    private struct File: Decodable {
        struct Agent: Decodable {
            var id: String
            var name: String?
            var token: String?
            var tokenSHA256: String?
            var capacity: Int?
            var teams: [String]?
            var personaID: String?

            enum CodingKeys: String, CodingKey {
                case id, name, token, capacity, teams, tokenSHA256 = "token_sha256", personaID = "persona_id"
            }
        }

        struct Hours: Decodable {
            var timeZone: String
            var week: [String: [String]]

            enum CodingKeys: String, CodingKey { case timeZone = "time_zone", week }
        }

        var agents: [Agent]
        var assignment: String?
        var offerTimeoutSeconds: Int?
        var maxOffers: Int?
        var queueTimeoutSeconds: Int?
        var agentSilenceSeconds: Int?
        var onAgentSilence: String?
        var presenceTimeoutSeconds: Int?
        var transcriptLimit: Int?
        var businessHours: [String: Hours]?
        var messages: Messages?

        enum CodingKeys: String, CodingKey {
            case agents, assignment, messages
            case offerTimeoutSeconds = "offer_timeout_seconds", maxOffers = "max_offers"
            case queueTimeoutSeconds = "queue_timeout_seconds", agentSilenceSeconds = "agent_silence_seconds"
            case onAgentSilence = "on_agent_silence", presenceTimeoutSeconds = "presence_timeout_seconds"
            case transcriptLimit = "transcript_limit", businessHours = "business_hours"
        }
    }

    /// Reads a desk file; the error names the field at fault.
    public init(json: Data) throws(DeskFileError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch let error as DecodingError {
            throw DeskFileError("the desk file is not valid: \(Self.describe(error))")
        } catch {
            throw DeskFileError("the desk file is not valid JSON")
        }
        var agents: [DeskAgent] = []
        for (index, agent) in file.agents.enumerated() {
            let place = "agents[\(index)]"
            guard DeskAgent.isValidID(agent.id) else {
                throw DeskFileError("\(place).id must be 1 to 64 letters, digits, - _ or .")
            }
            guard !agents.contains(where: { $0.id == agent.id }) else {
                throw DeskFileError("\(place).id \"\(agent.id)\" is used twice")
            }
            let hash: [UInt8]
            switch (agent.token, agent.tokenSHA256) {
            case (let token?, nil):
                guard token.count >= 16 else { throw DeskFileError("\(place).token must be at least 16 characters") }
                hash = DeskAgent.hash(token)
            case (nil, let hex?):
                guard let bytes = Self.hexBytes(hex), bytes.count == 32 else {
                    throw DeskFileError("\(place).token_sha256 must be 64 hex digits (sha256sum of the token)")
                }
                hash = bytes
            default:
                throw DeskFileError("\(place) needs exactly one of token_sha256 and token")
            }
            let capacity = agent.capacity ?? 3
            guard (1...100).contains(capacity) else { throw DeskFileError("\(place).capacity must be from 1 to 100") }
            agents.append(
                DeskAgent(
                    id: agent.id, name: agent.name ?? agent.id, tokenSHA256: hash, capacity: capacity,
                    teams: agent.teams ?? [], personaID: agent.personaID))
        }
        var policy = DeskPolicy(agents: agents)
        if let assignment = file.assignment {
            guard let value = Assignment(rawValue: assignment) else {
                throw DeskFileError("assignment must be auto or claim")
            }
            policy.assignment = value
        }
        func seconds(_ value: Int?, _ name: String, _ range: ClosedRange<Int>, into target: inout Int64)
            throws(DeskFileError)
        {
            guard let value else { return }
            guard range.contains(value) else {
                throw DeskFileError("\(name) must be from \(range.lowerBound) to \(range.upperBound)")
            }
            target = Int64(value) * 1000
        }
        try seconds(file.offerTimeoutSeconds, "offer_timeout_seconds", 1...86_400, into: &policy.offerTimeout)
        try seconds(file.queueTimeoutSeconds, "queue_timeout_seconds", 1...604_800, into: &policy.queueTimeout)
        try seconds(file.agentSilenceSeconds, "agent_silence_seconds", 1...604_800, into: &policy.agentSilence)
        try seconds(
            file.presenceTimeoutSeconds, "presence_timeout_seconds", 1...86_400, into: &policy.presenceTimeout)
        if let maxOffers = file.maxOffers {
            guard (1...100).contains(maxOffers) else { throw DeskFileError("max_offers must be from 1 to 100") }
            policy.maxOffers = maxOffers
        }
        if let limit = file.transcriptLimit {
            guard (0...200).contains(limit) else { throw DeskFileError("transcript_limit must be from 0 to 200") }
            policy.transcriptLimit = limit
        }
        if let action = file.onAgentSilence {
            guard let value = SilenceAction(rawValue: action) else {
                throw DeskFileError("on_agent_silence must be requeue or hand_back")
            }
            policy.onAgentSilence = value
        }
        for (page, hours) in file.businessHours ?? [:] {
            policy.businessHours[page] = try BusinessHours(timeZone: hours.timeZone, week: hours.week)
        }
        if let messages = file.messages { policy.messages = messages }
        self = policy
    }

    private static func hexBytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.lowercased().utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            let place = path(context)
            return "\(place == "the top level" ? "" : place + ".")\(key.stringValue) is missing"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(type), not null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension DeskPolicy {
    /// An agent's presence as the desk sees it at `now`: the status they last sent (`online` or
    /// `away`), or `offline` when they said so or have not been heard from for ``presenceTimeout``.
    public func status(of presence: DeskStore.Presence?, at now: Int64) -> String {
        guard let presence, presence.lastSeenAt + presenceTimeout >= now else { return "offline" }
        return presence.status
    }
}
