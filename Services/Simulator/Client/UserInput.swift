/// The body of `POST /_sim/users/{psid}/messages`: what the user does. Either a message (`text`,
/// optionally `quick_reply.payload` for a tapped quick reply, and `attachments`) or a tapped
/// button (`postback`).
public struct UserInput: Sendable, Hashable, Codable {
    /// A tapped quick reply.
    public struct QuickReply: Sendable, Hashable, Codable {
        /// The quick reply's payload.
        public var payload: String

        /// A quick reply carrying `payload`.
        public init(payload: String) { self.payload = payload }
    }

    /// A tapped button.
    public struct Postback: Sendable, Hashable, Codable {
        /// The button's title (the payload when absent).
        public var title: String?
        /// The button's payload.
        public var payload: String

        /// A button titled `title` carrying `payload`.
        public init(title: String? = nil, payload: String) {
            self.title = title
            self.payload = payload
        }
    }

    /// The message text.
    public var text: String?
    /// The quick reply tapped to send `text`.
    public var quickReply: QuickReply?
    /// Attachments (an array, as Meta sends them).
    public var attachments: JSONValue?
    /// A tapped button instead of a message.
    public var postback: Postback?

    /// A message or a postback.
    public init(
        text: String? = nil, quickReply: QuickReply? = nil, attachments: JSONValue? = nil, postback: Postback? = nil
    ) {
        self.text = text
        self.quickReply = quickReply
        self.attachments = attachments
        self.postback = postback
    }

    enum CodingKeys: String, CodingKey {
        case text, attachments, postback
        case quickReply = "quick_reply"
    }
}

/// The body of `POST /_sim/inbox/{psid}/reply`: a Page Inbox agent's message.
public struct InboxReply: Sendable, Hashable, Codable {
    /// The text (required).
    public var text: String

    /// A reply saying `text`.
    public init(text: String) { self.text = text }
}

/// The body of `POST /_sim/clock`: how far to move the simulator's clock.
public struct ClockAdvance: Sendable, Hashable, Codable {
    /// Seconds, from 0 to 31 536 000 (a year).
    public var advanceSeconds: Int64

    /// An advance by `seconds`.
    public init(seconds: Int64) { advanceSeconds = seconds }

    enum CodingKeys: String, CodingKey {
        case advanceSeconds = "advance_seconds"
    }
}
