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

    enum CodingKeys: String, CodingKey {
        case pageID = "page_id", userID = "user_id", ownerAppID = "owner_app_id", ownerVisible = "owner_visible"
        case isOwner = "is_owner", lastUserMessageAt = "last_user_message_at", closesAt = "closes_at"
        case humanAgentClosesAt = "human_agent_closes_at", replyAs = "reply_as"
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
