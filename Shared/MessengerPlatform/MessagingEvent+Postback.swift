extension MessagingEvent {
    /// `postback`: a button tap. On `standby` the payload is absent.
    public struct Postback: Decodable, Sendable, Hashable {
        /// The message id of the postback, when Meta sends one.
        public var mid: String?
        /// The button title.
        public var title: String?
        /// The button payload; absent on standby.
        public var payload: String?
        /// The referral that came with it, when present.
        public var referral: Referral?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            mid = c.lenientString("mid")
            title = c.lenientString("title")
            payload = c.lenientString("payload")
            referral = c.lenient(Referral.self, "referral")
        }
    }
}
