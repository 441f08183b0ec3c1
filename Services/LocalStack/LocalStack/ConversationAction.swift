/// Something a person does in a conversation: the user writes, an Inbox agent or a live agent acts.
public enum ConversationAction: Sendable, Hashable, CustomStringConvertible {
    /// The user writes `text`.
    case user(String)
    /// A Page Inbox agent replies (simulator).
    case inboxReply(String)
    /// A Page Inbox agent clicks "Done" (simulator): control goes back to the primary.
    case inboxDone
    /// A Page admin moves the thread into the Inbox (simulator): the primary is asked for control.
    case inboxMove
    /// The live agent accepts the conversation offered to them (agent API).
    case agentAccepts
    /// The live agent replies through the agent worker's API.
    case agentReply(String)
    /// The live agent hands the thread back to the bot through the agent worker's API.
    case agentHandBack
    /// Time passes on the simulator's clock (no user message): an owned thread lapses to idle
    /// after its idle timeout (Conversation Routing).
    case timePasses(hours: Int)

    public var description: String {
        switch self {
        case .user(let text): "the user writes \"\(text)\""
        case .inboxReply(let text): "a Page Inbox agent replies \"\(text)\""
        case .inboxDone: "the Page Inbox agent clicks Done"
        case .inboxMove: "a Page admin moves the thread into the Inbox"
        case .agentAccepts: "the live agent accepts the conversation (agent API)"
        case .agentReply(let text): "the live agent replies \"\(text)\" (agent API)"
        case .agentHandBack: "the live agent hands the thread back (agent API)"
        case .timePasses(let hours): "\(hours) hours pass without a message from the user"
        }
    }
}
