/// A text message for the Send API, with optional quick replies, metadata and thread control.
public struct OutgoingMessage: Sendable, Hashable {
    /// The recipient's PSID.
    public var recipientID: String
    /// The text.
    public var text: String
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
        threadControl: ThreadControlDirective? = nil
    ) {
        self.recipientID = recipientID
        self.text = text
        self.quickReplies = quickReplies
        self.messagingType = messagingType
        self.tag = tag
        self.metadata = metadata
        self.threadControl = threadControl
    }
}
