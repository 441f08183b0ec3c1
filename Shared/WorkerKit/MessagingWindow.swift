import GraphAPI

/// The messaging window of one thread: what a send may be, given when the user last wrote. The one
/// place these rules live (docs/protocol.md, "The messaging window"); the bot and the agent API use it.
///
/// - Within 24 hours of the user's last message: a normal `RESPONSE`.
/// - From 24 hours to 7 days: only what a person wrote, tagged `HUMAN_AGENT`. Automated replies
///   never use the tag (it breaks Meta's policy).
/// - After 7 days: nothing until the user writes again.
///
/// The window belongs to the thread, not to its owner: passing control does not reset it, and the
/// page's own sends do not open it.
public struct MessagingWindow: Sendable, Hashable {
    /// The standard window: 24 hours.
    public static let standard: Duration = .seconds(24 * 3600)
    /// The `HUMAN_AGENT` window: 7 days.
    public static let humanAgent: Duration = .seconds(7 * 24 * 3600)

    /// When the user last wrote (ms since 1970); nil when this worker has not seen it.
    public var lastUserMessageAt: Int64?

    /// A window opened by the user's message at `lastUserMessageAt`.
    public init(lastUserMessageAt: Int64?) {
        self.lastUserMessageAt = lastUserMessageAt
    }

    /// When normal replies stop being allowed (ms since 1970).
    public var closesAt: Int64? { lastUserMessageAt.map { $0 + Self.standard.wholeMilliseconds } }

    /// When `HUMAN_AGENT` replies stop being allowed (ms since 1970).
    public var humanAgentClosesAt: Int64? { lastUserMessageAt.map { $0 + Self.humanAgent.wholeMilliseconds } }

    /// What a reply written by a person may be at `now`.
    public enum HumanReply: Sendable, Hashable {
        /// A normal reply (`RESPONSE`).
        case response
        /// Only as `MESSAGE_TAG` + `HUMAN_AGENT`.
        case humanAgent
        /// Not at all: the window closed.
        case closed
        /// Not known here (the user's last message was not seen, e.g. after a restart): send a normal
        /// reply and let Meta's answer decide.
        case unknown
    }

    /// How a person's reply may be sent at `now` (ms since 1970).
    public func humanReply(at now: Int64) -> HumanReply {
        guard let closesAt, let humanAgentClosesAt else { return .unknown }
        if now <= closesAt { return .response }
        if now <= humanAgentClosesAt { return .humanAgent }
        return .closed
    }

    /// Whether an automated reply (never tagged) may be sent at `now`; true when unknown.
    public func allowsAutomatedReply(at now: Int64) -> Bool {
        guard let closesAt else { return true }
        return now <= closesAt
    }
}
