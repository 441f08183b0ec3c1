extension MessagingEvent {
    /// `reaction`: the user reacted to (or un-reacted from) a message.
    public struct Reaction: Decodable, Sendable, Hashable {
        /// The message reacted to.
        public var mid: String?
        /// `react` or `unreact`.
        public var action: String?
        /// The reaction name, e.g. `love`.
        public var reaction: String?
        /// The emoji.
        public var emoji: String?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            mid = c.lenientString("mid")
            action = c.lenientString("action")
            reaction = c.lenientString("reaction")
            emoji = c.lenientString("emoji")
        }
    }
}
