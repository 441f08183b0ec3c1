extension SimulatorConfiguration {
    /// An app connected to the simulated page.
    public struct App: Sendable, Hashable, CustomStringConvertible {
        /// The app's role on the page (Page settings › Advanced messaging).
        public enum Role: String, Sendable, Codable, CaseIterable {
            case primary = "primary_receiver"
            case secondary = "secondary_receiver"
            /// Connected but without a handover role: its thread-control calls fail with 2018171.
            case none
        }

        /// The Page Inbox's app id.
        public static let pageInboxID = "263902037430900"
        /// Every webhook field the simulator can deliver.
        public static let allFields: Set<String> = [
            "messages", "message_echoes", "messaging_postbacks", "messaging_handovers", "standby",
        ]

        /// App id.
        public var id: String
        /// Display name (`secondary_receivers?fields=name`).
        public var name: String
        /// App secret: signs its webhooks and checks its `appsecret_proof`.
        public var secret: String
        /// The page access token this app calls the Graph API with; `nil` for apps that never call
        /// (the Page Inbox is driven through `/_sim/inbox`).
        public var pageAccessToken: String?
        /// Where its webhooks go; `nil` for an app without a webhook.
        public var webhookURL: String?
        /// Handover role.
        public var role: Role
        /// Conversation Routing's default app (it answers idle threads and acts as the primary).
        public var isDefault: Bool
        /// Webhook fields the app subscribed to (default: all).
        public var subscribedFields: Set<String>
        /// Also sign with the legacy `X-Hub-Signature: sha1=…` header.
        public var signSHA1: Bool

        /// Creates an app.
        public init(
            id: String, name: String? = nil, secret: String, pageAccessToken: String?, webhookURL: String? = nil,
            role: Role, isDefault: Bool = false, subscribedFields: Set<String> = App.allFields, signSHA1: Bool = false
        ) {
            self.id = id
            self.name = name ?? "App \(id)"
            self.secret = secret
            self.pageAccessToken = pageAccessToken
            self.webhookURL = webhookURL
            self.role = role
            self.isDefault = isDefault
            self.subscribedFields = subscribedFields
            self.signSHA1 = signSHA1
        }

        /// The Page Inbox: a secondary receiver without webhook or token.
        public static let pageInbox = App(
            id: pageInboxID, name: "Page Inbox", secret: "", pageAccessToken: nil, webhookURL: nil, role: .secondary)

        // Secrets and tokens stay out of logs and test output.
        public var description: String {
            "App(\(id), \(role.rawValue)\(isDefault ? ", default" : "")\(webhookURL == nil ? "" : ", webhook"))"
        }
    }
}
