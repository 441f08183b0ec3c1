extension MessagingEvent {
    /// `policy_enforcement`: Meta blocked or unblocked the app on the Page.
    public struct PolicyEnforcement: Decodable, Sendable, Hashable {
        /// `block` or `unblock`.
        public var action: String?
        /// Why, in Meta's words.
        public var reason: String?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            action = c.lenientString("action")
            reason = c.lenientString("reason")
        }
    }
}
