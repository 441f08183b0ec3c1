import ServiceKit

/// Which thread-control protocol the page runs, as far as the agent API needs to know: which calls
/// Meta allows (docs/protocol.md, "Conversation Routing").
public enum ThreadControlMode: Sendable, Hashable, CustomStringConvertible {
    /// Conversation Routing (every page today). `request_thread_control` works only on a page
    /// without a default app.
    case routing(hasDefaultApp: Bool)
    /// The first-generation Handover Protocol: a secondary requests control from the primary.
    case handover

    /// Whether `request_thread_control` can succeed on this page.
    public var allowsRequest: Bool {
        switch self {
        case .routing(let hasDefaultApp): !hasDefaultApp
        case .handover: true
        }
    }

    /// `THREAD_CONTROL_MODE` when unset.
    public static let defaultMode = "routing"
    /// `PAGE_DEFAULT_APP` when unset.
    public static let defaultPageDefaultApp = "primary"

    /// Reads `THREAD_CONTROL_MODE` (`routing`, the default, or `handover`) and, for routing,
    /// `PAGE_DEFAULT_APP` (`primary`, the default: `PRIMARY_APP_ID` is the page's default app; or
    /// `none`).
    public init(environment: ServiceEnvironment) throws(ConfigurationError) {
        switch environment.string("THREAD_CONTROL_MODE", default: Self.defaultMode).lowercased() {
        case "routing":
            switch environment.string("PAGE_DEFAULT_APP", default: Self.defaultPageDefaultApp).lowercased() {
            case "primary": self = .routing(hasDefaultApp: true)
            case "none": self = .routing(hasDefaultApp: false)
            default: throw ConfigurationError(variable: "PAGE_DEFAULT_APP", problem: "must be primary or none")
            }
        case "handover": self = .handover
        default: throw ConfigurationError(variable: "THREAD_CONTROL_MODE", problem: "must be routing or handover")
        }
    }

    public var description: String {
        switch self {
        case .routing(let hasDefaultApp): hasDefaultApp ? "routing" : "routing (no default app)"
        case .handover: "handover"
        }
    }
}
