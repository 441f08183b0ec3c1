/// One simulated thread as the simulator sees it: who owns it and everything that happened in it.
public struct SimulatedThreadView: Sendable, Hashable, Decodable {
    /// The user (page-scoped id).
    public let psid: String
    /// The owning app's id; nil when the thread is idle.
    public let owner: String?
    /// A move into the Inbox the primary has not acted on yet.
    public let pendingInboxRequest: Bool?
    /// The history, oldest first.
    public let transcript: [TranscriptLine]

    enum CodingKeys: String, CodingKey {
        case psid, owner, transcript
        case pendingInboxRequest = "pending_inbox_request"
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
