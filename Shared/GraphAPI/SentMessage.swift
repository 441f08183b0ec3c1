/// The Send API's answer.
public struct SentMessage: Sendable, Hashable {
    /// The PSID the message went to.
    public var recipientID: String
    /// The new message's `mid`.
    public var messageID: String

    /// Creates an answer.
    public init(recipientID: String, messageID: String) {
        self.recipientID = recipientID
        self.messageID = messageID
    }
}
