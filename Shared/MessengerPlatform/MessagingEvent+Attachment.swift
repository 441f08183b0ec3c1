extension MessagingEvent {
    /// One attachment of a message; `payload` may be absent (e.g. `fallback`).
    public struct Attachment: Decodable, Sendable, Hashable {
        /// `image`, `audio`, `video`, `file`, `sticker`, `fallback`, `reel`, `ig_reel`, `post`, `ig_post`, ...
        public var type: String
        /// `payload.url`, when present.
        public var url: String?
        /// `payload.title` (fallback attachments), when present.
        public var title: String?
        /// `payload.sticker_id`, when present.
        public var stickerID: String?

        /// Decodes leniently; a missing type reads as an empty string.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            type = c.lenientString("type") ?? ""
            let payload = c.hasValue("payload") ? try? c.nestedContainer(keyedBy: JSONKey.self, forKey: "payload") : nil
            url = payload?.lenientString("url")
            title = payload?.lenientString("title") ?? c.lenientString("title")
            stickerID = payload?.lenientID("sticker_id")
        }
    }
}
