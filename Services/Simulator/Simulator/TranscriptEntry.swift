/// One line of a thread's (or the page's) history: a user message, a send, a change of control or a
/// webhook delivery. `GET /_sim/threads/{psid}` renders the list.
struct TranscriptEntry: Sendable {
    /// What happened.
    enum Kind: String, Sendable {
        case userMessage = "user_message"
        case userPostback = "user_postback"
        case send
        case control
        case delivery
    }

    /// Position in the simulator's global order of entries.
    let sequence: Int
    /// When (ms since 1970, simulator clock).
    let at: Int64
    /// What happened.
    let kind: Kind
    /// The details, rendered as JSON members after `seq`, `at` and `kind`.
    let details: [(String, JSONValue?)]
    /// For `.delivery`: the delivery whose current state is rendered.
    let deliveryID: Int?

    init(sequence: Int, at: Int64, kind: Kind, details: [(String, JSONValue?)], deliveryID: Int? = nil) {
        self.sequence = sequence
        self.at = at
        self.kind = kind
        self.details = details
        self.deliveryID = deliveryID
    }
}
