/// The Send API's `messaging_type`.
public enum MessagingType: String, Sendable, Hashable {
    /// A reply to a message the person sent (inside the standard window).
    case response = "RESPONSE"
    /// A proactive update (inside the standard window).
    case update = "UPDATE"
    /// A tagged message outside the window; `OutgoingMessage.tag` names the tag.
    case messageTag = "MESSAGE_TAG"
}
