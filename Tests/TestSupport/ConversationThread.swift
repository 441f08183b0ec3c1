/// A simulated thread as the simulator shows it: its owner and its transcript.
public struct ConversationThread: Sendable, CustomStringConvertible {
    /// The user's PSID.
    public let psid: String
    /// The app that controls the thread; nil when idle.
    public let owner: String?
    /// Whether a Page Inbox request waits for the primary's answer.
    public let pendingInboxRequest: Bool
    /// Everything that happened, in order.
    public let transcript: [ConversationEntry]

    /// The messages `appID` sent (all apps when nil), in order.
    public func sends(by appID: String? = nil) -> [ConversationEntry] {
        transcript.filter { $0.kind == "send" && (appID == nil || $0.appID == appID) }
    }

    /// The texts `appID` sent, in order.
    public func texts(by appID: String) -> [String] {
        sends(by: appID).compactMap(\.text)
    }

    /// The changes of control (`pass`, `take`, `request`, …), in order.
    public var controls: [ConversationEntry] {
        transcript.filter { $0.kind == "control" }
    }

    /// Webhook deliveries of `event` to `appID`.
    public func deliveries(of event: String, to appID: String) -> [ConversationEntry] {
        transcript.filter { $0.kind == "delivery" && $0.deliveryEvent == event && $0.deliveryAppID == appID }
    }

    /// The entries after `sequence`.
    public func since(_ sequence: Int) -> [ConversationEntry] {
        transcript.filter { $0.sequence > sequence }
    }

    /// The last entry's sequence number (-1 when empty).
    public var lastSequence: Int { transcript.last?.sequence ?? -1 }

    public var description: String {
        "thread \(psid), owner \(owner ?? "idle")\n" + transcript.map { "  \($0)" }.joined(separator: "\n")
    }
}
