extension MessagingEvent {
    /// `delivery`: messages were delivered. Never answer it.
    public struct Delivery: Decodable, Sendable, Hashable {
        /// The delivered message ids, when listed.
        public var mids: [String]
        /// Messages sent before this time (ms) were delivered.
        public var watermark: Int64?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            mids = c.lenient([LenientElement<String>].self, "mids")?.compactMap(\.value) ?? []
            watermark = c.lenientInt64("watermark")
        }
    }
}
