/// The Graph API calls the client makes; the raw value is the `endpoint` metric label.
public enum GraphEndpoint: String, Sendable, CaseIterable {
    case passThreadControl = "pass_thread_control"
    case takeThreadControl = "take_thread_control"
    case requestThreadControl = "request_thread_control"
    case releaseThreadControl = "release_thread_control"
    case extendThreadControl = "extend_thread_control"
    case threadOwner = "thread_owner"
    case secondaryReceivers = "secondary_receivers"
    case messagingFeatureStatus = "messaging_feature_status"
    case messages

    /// The HTTP method Meta expects.
    var method: String {
        switch self {
        case .threadOwner, .secondaryReceivers, .messagingFeatureStatus: "GET"
        default: "POST"
        }
    }

    /// The path below `/{version}/me`; empty for the Page node itself.
    var edge: String {
        self == .messagingFeatureStatus ? "" : rawValue
    }
}
