/// One simulated thread without its history: who owns it and when its windows close. The answer
/// of `GET /_sim/threads` (one per thread) and part of the answers that change a thread.
public struct SimulatedThreadSummary: Sendable, Hashable, Codable {
    /// The user (page-scoped id).
    public var psid: String
    /// The owning app's id; nil when the thread is idle.
    public var owner: String?
    /// Conversation Routing: when the owner's control lapses (ms since 1970, simulator clock).
    public var expiration: Int64?
    /// A move into the Inbox the primary has not acted on yet.
    public var pendingInboxRequest: Bool
    /// When the user last wrote (ms since 1970, simulator clock).
    public var lastUserMessageAt: Int64?
    /// When normal replies stop being allowed (24 h after the user's last message).
    public var windowClosesAt: Int64?
    /// When `HUMAN_AGENT` replies stop being allowed (7 days after it).
    public var humanAgentWindowClosesAt: Int64?

    /// A summary with every field.
    public init(
        psid: String, owner: String?, expiration: Int64?, pendingInboxRequest: Bool, lastUserMessageAt: Int64?,
        windowClosesAt: Int64?, humanAgentWindowClosesAt: Int64?
    ) {
        self.psid = psid
        self.owner = owner
        self.expiration = expiration
        self.pendingInboxRequest = pendingInboxRequest
        self.lastUserMessageAt = lastUserMessageAt
        self.windowClosesAt = windowClosesAt
        self.humanAgentWindowClosesAt = humanAgentWindowClosesAt
    }

    enum CodingKeys: String, CodingKey {
        case psid, owner, expiration
        case pendingInboxRequest = "pending_inbox_request"
        case lastUserMessageAt = "last_user_message_at"
        case windowClosesAt = "window_closes_at"
        case humanAgentWindowClosesAt = "human_agent_window_closes_at"
    }
}

/// `GET /_sim/threads`: every thread, without transcripts.
public struct SimulatedThreadList: Sendable, Hashable, Codable {
    /// The threads in the order users first wrote.
    public var data: [SimulatedThreadSummary]

    /// A list of `data`.
    public init(data: [SimulatedThreadSummary]) { self.data = data }
}
