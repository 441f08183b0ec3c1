extension MessagingEvent {
    /// `message`: a user's message, or an echo of one the Page sent (`isEcho`).
    public struct Message: Decodable, Sendable, Hashable {
        /// The message id.
        public var mid: String?
        /// The text, when it has one.
        public var text: String?
        /// True for echoes: the Page sent this message.
        public var isEcho: Bool
        /// For echoes: the app that sent it (Page Inbox sends carry `AppID.pageInbox`).
        public var appID: AppID?
        /// For echoes: the metadata the sending app attached.
        public var metadata: String?
        /// The payload of the tapped quick reply.
        public var quickReplyPayload: String?
        /// The message this one replies to.
        public var replyTo: ReplyTo?
        /// Attachments (image, audio, video, file, sticker, fallback, reel, ig_reel, post, ...).
        public var attachments: [Attachment]
        /// An ad or link referral that started the conversation.
        public var referral: Referral?
        /// The sequence number older payloads carry.
        public var seq: Int64?

        /// Decodes leniently (see `MessagingEvent`).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            mid = c.lenientString("mid")
            text = c.lenientString("text")
            isEcho = c.lenientBool("is_echo") ?? false
            appID = c.lenientAppID("app_id")
            metadata = c.lenientString("metadata")
            quickReplyPayload = c.lenient(QuickReply.self, "quick_reply")?.payload
            replyTo = c.lenient(ReplyTo.self, "reply_to")
            attachments = c.lenient([LenientElement<Attachment>].self, "attachments")?.compactMap(\.value) ?? []
            referral = c.lenient(Referral.self, "referral")
            seq = c.lenientInt64("seq")
        }

        /// The types of the attachments, e.g. `["image", "fallback"]`.
        public var attachmentTypes: [String] { attachments.map(\.type) }
    }
}

/// `quick_reply{payload}`: only the payload is of use.
private struct QuickReply: Decodable {
    var payload: String?

    init(from decoder: any Decoder) throws {
        payload = try decoder.container(keyedBy: JSONKey.self).lenientString("payload")
    }
}
