extension MessagingEvent {
    /// A `sender` or `recipient`: a user's PSID or a Page id (string or number in JSON).
    public struct Participant: Decodable, Sendable, Hashable {
        /// The id as text; empty when the payload had none (e.g. only a `user_ref`).
        public var id: String
        /// `user_ref` of checkbox-plugin senders, when present.
        public var userRef: String?

        /// Decodes `{"id": "…"}` or `{"id": 123}`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            id = c.lenientID("id") ?? ""
            userRef = c.lenientString("user_ref")
        }
    }
}
