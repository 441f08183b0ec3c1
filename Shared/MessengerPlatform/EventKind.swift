/// Which topic an event goes to (the routing rule, a contract: README, "Routing rule and types"):
/// `standby` items → `.standby`; `messaging` items with a thread-control change → `.handovers`,
/// with `app_roles` → `.appRole`, everything else → `.messages`.
public enum EventKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Events delivered to the app that owns the thread (`entry[].messaging[]`).
    case messages
    /// Copies of events for an app that does not own the thread (`entry[].standby[]`).
    case standby
    /// `pass_thread_control`, `take_thread_control`, `request_thread_control`.
    case handovers
    /// `app_roles`: a Page admin changed the apps' roles.
    case appRole = "app_role"

    /// The part of the topic name after the prefix, e.g. `app_role`.
    public var topicSuffix: String { rawValue }

    /// The topic of this kind, e.g. `topic(prefix: "messenger.")` → `"messenger.app_role"`.
    public func topic(prefix: String = "messenger.") -> String { prefix + rawValue }

    /// The routing rule: the kind of an item of type `type` found in `placement`.
    /// Standby items stay standby whatever their type: the app does not own the thread.
    public init(placement: WebhookItem.Placement, type: EventType) {
        switch (placement, type) {
        case (.standby, _):
            self = .standby
        case (.messaging, .passThreadControl), (.messaging, .takeThreadControl), (.messaging, .requestThreadControl):
            self = .handovers
        case (.messaging, .appRoles):
            self = .appRole
        case (.messaging, _):
            self = .messages
        }
    }

    /// The raw value, e.g. `app_role`.
    public var description: String { rawValue }
}
