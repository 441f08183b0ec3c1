import Foundation

/// One event the agent worker posts to the agent desk, as JSON:
/// ```json
/// {"type":"conversation.started","event_id":"…","app_id":"…","page_id":"…","user_id":"…",
///  "timestamp":1458692752478,"previous_owner_app_id":"…","metadata":"…"}
/// {"type":"message","event_id":"m_1","app_id":"…","page_id":"…","user_id":"…","timestamp":…,"mid":"m_1","text":"hello"}
/// {"type":"conversation.ended","event_id":"…","app_id":"…","page_id":"…","user_id":"…","timestamp":…,
///  "new_owner_app_id":"…","metadata":"…"}
/// ```
/// Delivery is at least once: `event_id` (also in the `X-Desk-Event-ID` header) lets the desk drop
/// a repeat.
public struct DeskEvent: Sendable, Equatable, Codable {
    /// What happened in the conversation.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Control was passed to the agent app: an agent should pick the conversation up.
        case conversationStarted = "conversation.started"
        /// The user wrote while the agent app owns the thread.
        case message
        /// Control was taken from the agent app (the user typed `/back`, or the bot took it).
        case conversationEnded = "conversation.ended"
    }

    /// What happened.
    public var type: Kind
    /// The id of the webhook event behind it (stable across redeliveries).
    public var eventID: String
    /// The agent app's id.
    public var appID: String
    /// The Page.
    public var pageID: String
    /// The user (PSID).
    public var userID: String
    /// When Meta says it happened (milliseconds since 1970), if known.
    public var timestamp: Int64?
    /// `message`: the message id.
    public var mid: String?
    /// `message`: the user's text (absent for attachments).
    public var text: String?
    /// `message` from a button or quick reply: its payload.
    public var payload: String?
    /// `message`: attachment types (`image`, `file`, …), when the user sent any.
    public var attachments: [String]?
    /// `conversation.started`: the app that passed control (absent when the thread was idle).
    public var previousOwnerAppID: String?
    /// `conversation.ended`: the app that took control.
    public var newOwnerAppID: String?
    /// The handover's metadata.
    public var metadata: String?

    /// An event of `type` for one thread.
    public init(
        type: Kind, eventID: String, appID: String, pageID: String, userID: String, timestamp: Int64? = nil,
        mid: String? = nil, text: String? = nil, payload: String? = nil, attachments: [String]? = nil,
        previousOwnerAppID: String? = nil, newOwnerAppID: String? = nil, metadata: String? = nil
    ) {
        self.type = type
        self.eventID = eventID
        self.appID = appID
        self.pageID = pageID
        self.userID = userID
        self.timestamp = timestamp
        self.mid = mid
        self.text = text
        self.payload = payload
        self.attachments = attachments
        self.previousOwnerAppID = previousOwnerAppID
        self.newOwnerAppID = newOwnerAppID
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case type, timestamp, mid, text, payload, attachments, metadata
        case eventID = "event_id"
        case appID = "app_id"
        case pageID = "page_id"
        case userID = "user_id"
        case previousOwnerAppID = "previous_owner_app_id"
        case newOwnerAppID = "new_owner_app_id"
    }

    /// The JSON body, keys sorted so the same event always has the same bytes (and signature).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings and integers cannot fail.
        return Array(try! encoder.encode(self))
    }

    /// Decodes a body produced by ``encoded()`` (for desks written in Swift, and our tests).
    public static func decode(_ body: [UInt8]) throws -> DeskEvent {
        try JSONDecoder().decode(DeskEvent.self, from: Data(body))
    }
}
