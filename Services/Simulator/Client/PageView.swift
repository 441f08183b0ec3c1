/// `GET /_sim/page` and the answer to `PUT /_sim/roles`: the page's apps with their roles (no
/// secrets) and the page log (changes not about one thread, such as `app_roles`).
public struct PageView: Sendable, Hashable, Codable {
    /// One app connected to the page.
    public struct App: Sendable, Hashable, Codable {
        /// The app id.
        public var id: String
        /// Its name.
        public var name: String
        /// `primary_receiver`, `secondary_receiver` or `none`.
        public var role: String
        /// Whether it is the default app (Conversation Routing) or primary (handover).
        public var isDefault: Bool
        /// Whether it has a webhook.
        public var hasWebhook: Bool
        /// The webhook fields it subscribed to.
        public var subscribedFields: [String]

        /// An app with these values.
        public init(
            id: String, name: String, role: String, isDefault: Bool, hasWebhook: Bool, subscribedFields: [String]
        ) {
            self.id = id
            self.name = name
            self.role = role
            self.isDefault = isDefault
            self.hasWebhook = hasWebhook
            self.subscribedFields = subscribedFields
        }

        enum CodingKeys: String, CodingKey {
            case id, name, role
            case isDefault = "default"
            case hasWebhook = "webhook"
            case subscribedFields = "subscribed_fields"
        }
    }

    /// The page id.
    public var pageID: String
    /// `handover` or `routing`.
    public var mode: String
    /// The simulator's clock (ms since 1970).
    public var now: Int64
    /// The apps, in configuration order.
    public var apps: [App]
    /// Entries not about one thread, oldest first.
    public var log: [TranscriptLine]

    /// A page with these values.
    public init(pageID: String, mode: String, now: Int64, apps: [App], log: [TranscriptLine]) {
        self.pageID = pageID
        self.mode = mode
        self.now = now
        self.apps = apps
        self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case mode, now, apps, log
        case pageID = "page_id"
    }
}
