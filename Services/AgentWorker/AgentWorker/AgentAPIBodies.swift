import AgentDesk

/// The agent API's JSON answers, encoded by `JSONEncoder` (one path for every body). Optional
/// fields are written as `null`, not left out: clients see every field of the documented shape.
struct ThreadAnswer: Encodable {
    var pageID: String
    var userID: String
    var ownerAppID: String?
    var ownerVisible: Bool
    var isOwner: Bool
    var lastUserMessageAt: Int64?
    var closesAt: Int64?
    var humanAgentClosesAt: Int64?
    var replyAs: String
    /// The thread's latest conversation, open or ended.
    var conversation: ConversationView?
    /// The worker's clock when it answered (a page counts the window down from it, whatever its
    /// own clock says).
    var now: Int64

    enum CodingKeys: String, CodingKey {
        case pageID = "page_id", userID = "user_id", ownerAppID = "owner_app_id", ownerVisible = "owner_visible"
        case isOwner = "is_owner", lastUserMessageAt = "last_user_message_at", closesAt = "closes_at"
        case humanAgentClosesAt = "human_agent_closes_at", replyAs = "reply_as", conversation, now
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pageID, forKey: .pageID)
        try container.encode(userID, forKey: .userID)
        try container.encode(ownerAppID, forKey: .ownerAppID)
        try container.encode(ownerVisible, forKey: .ownerVisible)
        try container.encode(isOwner, forKey: .isOwner)
        try container.encode(lastUserMessageAt, forKey: .lastUserMessageAt)
        try container.encode(closesAt, forKey: .closesAt)
        try container.encode(humanAgentClosesAt, forKey: .humanAgentClosesAt)
        try container.encode(replyAs, forKey: .replyAs)
        try container.encode(conversation, forKey: .conversation)
        try container.encode(now, forKey: .now)
    }
}

/// The answer to a reply: where it went and how it was sent.
struct ReplyAnswer: Encodable {
    var recipientID: String
    var messageID: String
    var messagingType: String
    var tag: String?

    enum CodingKeys: String, CodingKey {
        case recipientID = "recipient_id", messageID = "message_id", messagingType = "messaging_type", tag
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recipientID, forKey: .recipientID)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(messagingType, forKey: .messagingType)
        try container.encode(tag, forKey: .tag)
    }
}

/// The answer to a thread-control action: `status`, and `owner_app_id` after a pass (the new
/// owner) or a release (`null`), `duration_seconds` after an extension.
struct StatusAnswer: Encodable {
    enum Owner {
        case app(String)
        case nobody
    }

    var status: String
    var owner: Owner? = nil
    var durationSeconds: Int? = nil

    enum CodingKeys: String, CodingKey {
        case status, ownerAppID = "owner_app_id", durationSeconds = "duration_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        switch owner {
        case .app(let id)?: try container.encode(id, forKey: .ownerAppID)
        case .nobody?: try container.encodeNil(forKey: .ownerAppID)
        case nil: break
        }
        try container.encodeIfPresent(durationSeconds, forKey: .durationSeconds)
    }
}

/// `{"error":{"code":…,"message":…,"graph_code":…,"graph_subcode":…}}`; the Graph fields only
/// when the refusal came from Meta.
struct ErrorAnswer: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var graphCode: Int?
        var graphSubcode: Int?

        enum CodingKeys: String, CodingKey {
            case code, message, graphCode = "graph_code", graphSubcode = "graph_subcode"
        }
    }

    var error: Detail
}

/// A conversation as the agent API shows it; `waiting_ms` is how long it has waited (while
/// waiting or offered).
struct ConversationView: Encodable {
    var conversation: Conversation
    var now: Int64

    init(_ conversation: Conversation, now: Int64) {
        self.conversation = conversation
        self.now = now
    }

    enum CodingKeys: String, CodingKey {
        case id, state, reason
        case pageID = "page_id", userID = "user_id", agentID = "agent_id", handoffMetadata = "handoff_metadata"
        case previousOwnerAppID = "previous_owner_app_id", queuedAt = "queued_at", offeredAt = "offered_at"
        case acceptedAt = "accepted_at", firstReplyAt = "first_reply_at", lastUserMessageAt = "last_user_message_at"
        case lastAgentActivityAt = "last_agent_activity_at", endedAt = "ended_at", missedOffers = "missed_offers"
        case waitingMs = "waiting_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let c = conversation
        try container.encode(c.id, forKey: .id)
        try container.encode(c.pageID, forKey: .pageID)
        try container.encode(c.userID, forKey: .userID)
        try container.encode(c.state.rawValue, forKey: .state)
        try container.encode(c.reason.rawValue, forKey: .reason)
        try container.encode(c.agentID, forKey: .agentID)
        try container.encode(c.handoffMetadata, forKey: .handoffMetadata)
        try container.encode(c.previousOwnerAppID, forKey: .previousOwnerAppID)
        try container.encode(c.queuedAt, forKey: .queuedAt)
        try container.encode(c.offeredAt, forKey: .offeredAt)
        try container.encode(c.acceptedAt, forKey: .acceptedAt)
        try container.encode(c.firstReplyAt, forKey: .firstReplyAt)
        try container.encode(c.lastUserMessageAt, forKey: .lastUserMessageAt)
        try container.encode(c.lastAgentActivityAt, forKey: .lastAgentActivityAt)
        try container.encode(c.endedAt, forKey: .endedAt)
        try container.encode(c.missedOffers, forKey: .missedOffers)
        let waiting: Int64? = c.state == .waiting || c.state == .offered ? max(0, now - c.queuedAt) : nil
        try container.encode(waiting, forKey: .waitingMs)
    }
}

/// `{"conversations":[…]}`.
struct ConversationsAnswer: Encodable {
    var conversations: [ConversationView]

    init(_ list: [Conversation], now: Int64) {
        conversations = list.map { ConversationView($0, now: now) }
    }
}

/// An agent and their presence: `status` is `online`, `away` or `offline` (no recent heartbeat).
struct AgentAnswer: Encodable {
    var id: String
    var name: String
    var capacity: Int
    var teams: [String]
    var status: String
    var load: Int

    init(agent: DeskAgent, status: String, load: Int) {
        id = agent.id
        name = agent.name
        capacity = agent.capacity
        teams = agent.teams
        self.status = status
        self.load = load
    }
}

/// `{"agents":[…]}`.
struct AgentsAnswer: Encodable {
    var agents: [AgentAnswer]
}

/// The presence just recorded; `expires_in_ms`: send the next heartbeat before then.
struct PresenceAnswer: Encodable {
    var status: String
    var expiresInMs: Int64?

    enum CodingKeys: String, CodingKey { case status, expiresInMs = "expires_in_ms" }
}

/// A page of history: `next_before` is the cursor of the next (older) page, null on the last.
struct HistoryAnswer: Encodable {
    struct Entry: Encodable {
        var entry: HistoryEntry
        var beforeHandoff: Bool

        enum CodingKeys: String, CodingKey {
            case id, at, author, text, payload, attachments, metadata
            case agentID = "agent_id", appID = "app_id", beforeHandoff = "before_handoff"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entry.id, forKey: .id)
            try container.encode(entry.at, forKey: .at)
            try container.encode(entry.author.rawValue, forKey: .author)
            try container.encode(entry.text, forKey: .text)
            try container.encode(entry.payload, forKey: .payload)
            try container.encode(entry.attachments, forKey: .attachments)
            try container.encode(entry.metadata, forKey: .metadata)
            try container.encode(entry.agentID, forKey: .agentID)
            try container.encode(entry.appID, forKey: .appID)
            try container.encode(beforeHandoff, forKey: .beforeHandoff)
        }
    }

    var conversationID: String?
    var entries: [Entry]
    var nextBefore: String?

    enum CodingKeys: String, CodingKey { case conversationID = "conversation_id", entries, nextBefore = "next_before" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversationID, forKey: .conversationID)
        try container.encode(entries, forKey: .entries)
        try container.encode(nextBefore, forKey: .nextBefore)
    }
}

/// A conversation's audit log: who did what, when.
struct LogAnswer: Encodable {
    struct Entry: Encodable {
        var at: Int64
        var actor: String
        var action: String
        var from: String?
        var to: String?
        var reason: String?
        var agentID: String?

        init(_ entry: DeskStore.LogEntry) {
            at = entry.at
            actor = entry.actor
            action = entry.action
            from = entry.from?.rawValue
            to = entry.to?.rawValue
            reason = entry.reason?.rawValue
            agentID = entry.agentID
        }

        enum CodingKeys: String, CodingKey { case at, actor, action, from, to, reason, agentID = "agent_id" }
    }

    var entries: [Entry]
}
