/// One handoff of a thread to the live-agent app, from the moment the bot passes control until
/// the thread leaves the agents: waiting → offered → active → ended.
///
/// A conversation's id is the id of the webhook event that opened it, so replaying a partition
/// opens nothing twice. At most one conversation of a thread is open (not ended) at a time.
public struct Conversation: Sendable, Equatable {
    /// Where a conversation is.
    public enum State: String, Sendable, CaseIterable, Codable {
        /// In the queue: no agent holds it.
        case waiting
        /// Offered to one agent (`agentID`), who may accept or decline.
        case offered
        /// An agent (`agentID`) holds it and answers the user.
        case active
        /// Over; `reason` says why.
        case ended

        /// Whether the conversation is still with the agents.
        public var isOpen: Bool { self != .ended }
    }

    /// The id of the event that opened it.
    public var id: String
    /// The thread.
    public var pageID: String
    public var userID: String
    /// Where it is.
    public var state: State
    /// The agent it is offered to or held by.
    public var agentID: String?
    /// Why it reached its state (the last transition's reason).
    public var reason: TransitionReason
    /// The bot's structured handoff reason (the pass's metadata), shown to agents.
    public var handoffMetadata: String?
    /// The app that passed control (nil when the thread was idle).
    public var previousOwnerAppID: String?
    /// When it entered the queue (ms since 1970), and later moments.
    public var queuedAt: Int64
    public var offeredAt: Int64?
    public var acceptedAt: Int64?
    public var firstReplyAt: Int64?
    /// The agent's last action (accept or reply): the silence timer runs from here.
    public var lastAgentActivityAt: Int64?
    /// The user's last message: the thread lapses a day later.
    public var lastUserMessageAt: Int64?
    public var endedAt: Int64?
    /// How many times it has been offered and not accepted.
    public var missedOffers: Int
    /// Agents who declined it: it is not offered to them again.
    public var declinedBy: [String]
    /// Bumped by every write; writes compare it (two replicas never both win).
    public var version: Int64
    /// Until when the agent app extended its control of the thread (ms since 1970), if it did:
    /// the conversation does not lapse before then.
    public var controlUntil: Int64?

    /// A conversation that has just entered the queue.
    public init(
        id: String, pageID: String, userID: String, queuedAt: Int64, handoffMetadata: String?,
        previousOwnerAppID: String?
    ) {
        self.id = id
        self.pageID = pageID
        self.userID = userID
        self.state = .waiting
        self.agentID = nil
        self.reason = .queued
        self.handoffMetadata = handoffMetadata
        self.previousOwnerAppID = previousOwnerAppID
        self.queuedAt = queuedAt
        self.missedOffers = 0
        self.declinedBy = []
        self.version = 0
    }
}

/// Why a conversation moved: stored with every transition and sent to the desk.
public enum TransitionReason: String, Sendable, CaseIterable, Codable {
    /// Control passed to the agent app.
    case queued
    /// Offered to an agent (auto-assignment).
    case offered
    /// An agent accepted (an offer, or claimed it from the queue).
    case accepted
    /// The agent it was offered to declined.
    case declined
    /// An offer or the queue wait ran out.
    case expired
    /// The assigned agent was silent too long.
    case agentSilent = "agent_silent"
    /// An agent handed the thread back to the bot.
    case handedBack = "handed_back"
    /// An agent released the thread (Conversation Routing: it becomes idle).
    case released
    /// A day passed after the user's last message: the thread went idle.
    case lapsed
    /// The bot (primary app) took the thread.
    case takenByBot = "taken_by_bot"
    /// The Page Inbox took the thread.
    case takenByInbox = "taken_by_inbox"
    /// Another app took the thread.
    case takenByApp = "taken_by_app"
    /// No agent was online: the bot got the thread back at once.
    case noAgentOnline = "no_agent_online"
    /// Outside the page's business hours: the bot got the thread back at once.
    case outsideBusinessHours = "outside_business_hours"
}

extension Conversation {
    /// A day after the user's last message (or when extended control ends, if later) the thread is
    /// idle and an open conversation lapses.
    public static let lapse: Int64 = 24 * 3600 * 1000
}
