/// What an item of a webhook is, from the key that carries its payload.
public enum EventType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// A message from the user (`message`, not an echo).
    case message
    /// A message sent by the Page (`message.is_echo == true`): never answer it.
    case echo
    /// A button tap (`postback`).
    case postback
    /// The user read messages up to a watermark (`read`).
    case read
    /// Messages were delivered (`delivery`).
    case delivery
    /// A reaction to a message (`reaction`).
    case reaction
    /// The user came through a referral (`referral` at item level).
    case referral
    /// A plugin or notification opt-in (`optin`).
    case optin
    /// A policy action against the app (`policy_enforcement`, older docs `policy-enforcement`).
    case policyEnforcement = "policy_enforcement"
    /// Control of the thread was passed to this app.
    case passThreadControl = "pass_thread_control"
    /// Control of the thread was taken from this app (or, under Conversation Routing, by another).
    case takeThreadControl = "take_thread_control"
    /// Another app asks this (primary) app for control.
    case requestThreadControl = "request_thread_control"
    /// The apps' roles on the Page changed.
    case appRoles = "app_roles"
    /// An item of a shape we do not know; kept, never dropped.
    case other

    /// True when a bot may answer the event. Echoes, reads and deliveries must never be answered:
    /// answering them is how bots loop forever.
    public var isAnswerable: Bool {
        switch self {
        case .message, .postback, .referral, .optin: true
        default: false
        }
    }

    /// The raw value, e.g. `pass_thread_control`.
    public var description: String { rawValue }
}
