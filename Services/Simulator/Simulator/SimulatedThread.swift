/// One conversation between a user (PSID) and the page, as the simulated platform tracks it.
struct SimulatedThread: Sendable {
    /// The user's page-scoped id.
    let psid: String
    /// The app that controls the thread; `nil` while the thread is idle.
    var owner: String?
    /// Conversation Routing: when control lapses (ms since 1970); `nil` in handover mode.
    var expiration: Int64?
    /// When the user last wrote (ms since 1970): starts the idle timer and the messaging window.
    var lastUserMessageAt: Int64?
    /// Conversation Routing: how long the current owner extended its control (ms since 1970).
    var extendedUntil: Int64?
    /// Which app sent a button with each postback payload (the most recent sender wins); bounded.
    var buttonSenders: [String: String] = [:]
    /// A Page admin moved the thread into the Inbox and the primary has not passed control yet;
    /// the next user message bounces it back.
    var pendingInboxRequest = false
    /// Everything that happened, in order.
    var transcript: [TranscriptEntry] = []

    init(psid: String, owner: String?) {
        self.psid = psid
        self.owner = owner
    }
}
