/// A message for the Send API: text, or a media attachment by URL, with optional quick replies,
/// metadata, a persona and thread control.
public struct OutgoingMessage: Sendable, Hashable {
    /// A file Meta fetches from a URL and shows in the conversation.
    public struct Attachment: Sendable, Hashable {
        /// What it is.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case image, file, audio, video
        }

        public var kind: Kind
        /// An `http(s)` URL Meta can fetch.
        public var url: String

        /// An attachment of `kind` at `url`.
        public init(kind: Kind, url: String) {
            self.kind = kind
            self.url = url
        }
    }

    /// The recipient's PSID.
    public var recipientID: String
    /// The text; empty with an attachment (a message carries one or the other).
    public var text: String
    /// A media attachment instead of text.
    public var attachment: Attachment?
    /// The persona (a named agent with a picture) the message is sent as.
    public var personaID: String?
    /// Buttons under the message.
    public var quickReplies: [QuickReply]
    /// Why the message is sent.
    public var messagingType: MessagingType
    /// The message tag, with `messagingType == .messageTag`.
    public var tag: String?
    /// Text only apps see, returned in the echo (e.g. to mark the bot's own messages).
    public var metadata: String?
    /// Hand control on with this message.
    public var threadControl: ThreadControlDirective?

    /// Creates a message.
    public init(
        recipientID: String, text: String, quickReplies: [QuickReply] = [],
        messagingType: MessagingType = .response, tag: String? = nil, metadata: String? = nil,
        threadControl: ThreadControlDirective? = nil, attachment: Attachment? = nil, personaID: String? = nil
    ) {
        self.recipientID = recipientID
        self.text = text
        self.attachment = attachment
        self.personaID = personaID
        self.quickReplies = quickReplies
        self.messagingType = messagingType
        self.tag = tag
        self.metadata = metadata
        self.threadControl = threadControl
    }
}
