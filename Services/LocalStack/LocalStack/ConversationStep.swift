/// One step of a scripted conversation: an action and what must follow from it.
public struct ConversationStep: Sendable {
    /// What the step shows, for people ("the user asks for a person").
    public var title: String
    /// What is done.
    public var action: ConversationAction
    /// The effects that must appear in the transcript, in this order, after the action.
    public var expectations: [TranscriptExpectation]
    /// The owner of the thread once the step is complete (nil: idle).
    public var owner: String?
    /// Apps that must not answer this step. Checked once the app has visibly handled a later
    /// event of the same thread (it handles one thread's events in order), so no fixed wait is needed.
    public var silentApps: [String]

    /// A step.
    public init(
        _ title: String, _ action: ConversationAction, expect expectations: [TranscriptExpectation] = [],
        owner: String?, silent silentApps: [String] = []
    ) {
        self.title = title
        self.action = action
        self.expectations = expectations
        self.owner = owner
        self.silentApps = silentApps
    }
}
