import MessengerPlatform
import ServiceKit

/// What the bot does when another app asks for control (`request_thread_control`), from
/// `BOT_REQUEST_POLICY`.
///
/// The default passes only to the Page Inbox (and the Instagram Inbox): when a Page admin moves a
/// thread from "Done" into the Inbox, the primary receives a request from the Inbox, and if it does
/// not pass control the thread bounces back to "Done" on the user's next message (docs/protocol.md, "Webhooks").
public enum RequestPolicy: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Pass control to any app that asks.
    case always
    /// Pass control only to the Page Inbox or Instagram Inbox (default).
    case inboxOnly = "inbox-only"
    /// Never pass on request; agents must wait for the bot to hand over.
    case never

    /// Whether a request from `requester` is granted.
    public func grants(_ requester: AppID) -> Bool {
        switch self {
        case .always: true
        case .inboxOnly: requester.isInbox
        case .never: false
        }
    }

    /// Reads `name`: `inbox-only` (default), `always` or `never`, case-insensitive.
    public init(environment: ServiceEnvironment, name: String = "BOT_REQUEST_POLICY") throws(ConfigurationError) {
        let raw = environment.string(name, default: RequestPolicy.inboxOnly.rawValue).lowercased()
        guard let policy = RequestPolicy(rawValue: String(raw.map { $0 == "_" ? "-" : $0 })) else {
            throw ConfigurationError(variable: name, problem: "must be inbox-only, always or never")
        }
        self = policy
    }

    /// The configuration spelling, e.g. `inbox-only`.
    public var description: String { rawValue }
}
