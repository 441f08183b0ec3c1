/// The Graph API calls the simulator serves (its own list: GraphAPI's `GraphEndpoint` is the client's); the raw value names it in stats and fault rules.
public enum SimulatedEndpoint: String, Sendable, CaseIterable, Codable {
    case passThreadControl = "pass_thread_control"
    case takeThreadControl = "take_thread_control"
    case requestThreadControl = "request_thread_control"
    case releaseThreadControl = "release_thread_control"
    case extendThreadControl = "extend_thread_control"
    case threadOwner = "thread_owner"
    case secondaryReceivers = "secondary_receivers"
    /// `GET /{v}/me` (e.g. `?fields=messaging_feature_status`).
    case page = "me"
    /// The Send API, `POST /{v}/me/messages`.
    case messages

    /// The endpoint for a method and path edge (`nil` edge: the page node itself).
    init?(method: String, edge: String?) {
        guard let edge else {
            guard method == "GET" else { return nil }
            self = .page
            return
        }
        guard let endpoint = SimulatedEndpoint(rawValue: edge), endpoint != .page else { return nil }
        let isRead = endpoint == .threadOwner || endpoint == .secondaryReceivers
        guard method == (isRead ? "GET" : "POST") else { return nil }
        self = endpoint
    }
}
