/// One conversation between a user (PSID) and the page, as the simulated platform tracks it.
struct SimulatedThread: Sendable {
    /// The user's page-scoped id.
    let psid: String
    /// The app that controls the thread; `nil` while the thread is idle.
    var owner: String?
    /// Conversation Routing: when control lapses (ms since 1970); `nil` in handover mode.
    var expiration: Int64?
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
