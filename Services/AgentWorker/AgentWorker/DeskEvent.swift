import AgentDesk
import Foundation

/// One event the agent worker posts to an external desk's webhook (`AGENT_DESK_URL`), as JSON:
/// ```json
/// {"type":"conversation.queued","event_id":"…","conversation_id":"…","app_id":"…","page_id":"…",
///  "user_id":"…","timestamp":1458692752478,"previous_owner_app_id":"…","metadata":"…",
///  "transcript":[{"id":"m_1","author":"user","at":…,"text":"hi","attachments":[]}]}
/// {"type":"conversation.offered","agent_id":"alice",…}   {"type":"conversation.assigned","agent_id":"alice",…}
/// {"type":"message","mid":"m_2","text":"hello","attachments":[{"type":"image","url":"https://…"}],…}
/// {"type":"agent.reply","agent_id":"alice","mid":"m_3","text":"…",…}
/// {"type":"conversation.ended","reason":"handed_back","agent_id":"alice","new_owner_app_id":"…",…}
/// ```
/// Delivery is at least once, from the store's outbox: `event_id` (also in the `X-Desk-Event-ID`
/// header) lets the desk drop a repeat.
public struct DeskEvent: Sendable, Equatable, Codable {
    /// What happened in the conversation.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Control was passed to the agent app: the conversation waits in the queue.
        case conversationQueued = "conversation.queued"
        /// Offered to an agent (auto-assignment).
        case conversationOffered = "conversation.offered"
        /// An agent accepted it.
        case conversationAssigned = "conversation.assigned"
        /// The user wrote while the conversation is open.
        case message
        /// An agent replied.
        case agentReply = "agent.reply"
        /// The conversation is over (`reason` says why).
        case conversationEnded = "conversation.ended"
    }

    public var type: Kind
    /// Unique per event (stable across redeliveries).
    public var eventID: String
    /// The conversation (the id of the handoff event that opened it).
    public var conversationID: String?
    /// The agent app's id.
    public var appID: String
    public var pageID: String
    public var userID: String
    /// When it happened (ms since 1970).
    public var timestamp: Int64?
    /// `message`, `agent.reply`: the message id.
    public var mid: String?
    /// `message`, `agent.reply`: the text.
    public var text: String?
    /// `message` from a button or quick reply: its payload.
    public var payload: String?
    /// `message`, `agent.reply`: attachments with their URLs.
    public var attachments: [HistoryEntry.Attachment]?
    /// The agent concerned (offered, assigned, reply, ended).
    public var agentID: String?
    /// `conversation.ended`: why (`TransitionReason`'s raw values).
    public var reason: String?
    /// `conversation.queued`: the app that passed control (absent when the thread was idle).
    public var previousOwnerAppID: String?
    /// `conversation.ended`: the app that took control, when one did.
    public var newOwnerAppID: String?
    /// The handoff's metadata (the bot's reason).
    public var metadata: String?
    /// `conversation.queued`: the thread's latest history, the messages before the handoff included.
    public var transcript: [HistoryEntry]?

    /// An event of `type` for one thread.
    public init(
        type: Kind, eventID: String, conversationID: String? = nil, appID: String, pageID: String, userID: String,
        timestamp: Int64? = nil
    ) {
        self.type = type
        self.eventID = eventID
        self.conversationID = conversationID
        self.appID = appID
        self.pageID = pageID
        self.userID = userID
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case type, timestamp, mid, text, payload, attachments, metadata, reason, transcript
        case eventID = "event_id"
        case conversationID = "conversation_id"
        case appID = "app_id"
        case pageID = "page_id"
        case userID = "user_id"
        case agentID = "agent_id"
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
