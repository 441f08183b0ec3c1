import MessengerPlatform

/// The Send API's `thread_control`: hand the thread on together with this message
/// (Conversation Routing).
public enum ThreadControlDirective: Sendable, Hashable {
    /// Pass control to an app, or (nil) let Meta choose the default.
    case pass(AppID?)
    /// Release control: the thread becomes idle.
    case release
}
