/// One simulated thread as the simulator sees it: who owns it and everything that happened in it.
public struct SimulatedThreadView: Sendable, Hashable, Decodable {
    /// The user (page-scoped id).
    public let psid: String
    /// The owning app's id; nil when the thread is idle.
    public let owner: String?
    /// A move into the Inbox the primary has not acted on yet.
    public let pendingInboxRequest: Bool?
    /// Conversation Routing: when the owner's control lapses (ms since 1970, simulator clock).
    public let expiration: Int64?
    /// When normal replies stop being allowed (24 h after the user's last message).
    public let windowClosesAt: Int64?
    /// When `HUMAN_AGENT` replies stop being allowed (7 days after it).
    public let humanAgentWindowClosesAt: Int64?
    /// The history, oldest first.
    public let transcript: [TranscriptLine]

    enum CodingKeys: String, CodingKey {
        case psid, owner, transcript, expiration
        case pendingInboxRequest = "pending_inbox_request"
        case windowClosesAt = "window_closes_at"
        case humanAgentWindowClosesAt = "human_agent_window_closes_at"
    }

    /// Entries after sequence number `seq`.
    public func lines(after seq: Int) -> [TranscriptLine] {
        transcript.filter { $0.seq > seq }
    }

    /// The texts sent by `appID`, in order.
    public func texts(sentBy appID: String) -> [String] {
        transcript.filter { $0.isSend(by: appID) }.map { $0.text ?? "" }
    }

    /// The texts the user sent, in order.
    public var userTexts: [String] {
        transcript.filter { $0.kind == "user_message" }.map { $0.text ?? "" }
    }

    /// The highest sequence number in the transcript (0 when empty).
    public var lastSeq: Int { transcript.last?.seq ?? 0 }
}
