extension MessagingEvent {
    /// `message.reply_to`: the message a reply refers to.
    public struct ReplyTo: Decodable, Sendable, Hashable {
        /// The id of the message replied to.
        public var mid: String?
        /// True when the user replied to their own message.
        public var isSelfReply: Bool?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            mid = c.lenientString("mid")
            isSelfReply = c.lenientBool("is_self_reply")
        }
    }
}
