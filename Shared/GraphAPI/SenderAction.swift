/// A `sender_action` of the Send API: what the user sees the page doing, without a message.
public enum SenderAction: String, Sendable, CaseIterable {
    /// Shows the typing indicator (Meta hides it after 20 s or with the next message).
    case typingOn = "typing_on"
    /// Hides the typing indicator.
    case typingOff = "typing_off"
    /// Marks the user's last message as seen.
    case markSeen = "mark_seen"
}
