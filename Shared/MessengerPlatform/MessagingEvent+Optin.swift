extension MessagingEvent {
    /// `optin`: a plugin or notification opt-in.
    public struct Optin: Decodable, Sendable, Hashable {
        /// The `data-ref` of the plugin.
        public var ref: String?
        /// The checkbox plugin's user reference.
        public var userRef: String?
        /// e.g. `notification_messages`.
        public var type: String?
        /// The opt-in payload.
        public var payload: String?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            ref = c.lenientString("ref")
            userRef = c.lenientString("user_ref")
            type = c.lenientString("type")
            payload = c.lenientString("payload")
        }
    }
}
