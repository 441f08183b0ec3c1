extension MessagingEvent {
    /// `delivery`: messages were delivered. Never answer it.
    public struct Delivery: Decodable, Sendable, Hashable {
        /// The delivered message ids, when listed.
        public var mids: [String]
        /// Messages sent before this time (ms) were delivered.
        public var watermark: Int64?

        /// Creates a delivery receipt.
        public init(mids: [String] = [], watermark: Int64?) {
            self.mids = mids
            self.watermark = watermark
        }

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            mids = c.lenient([LenientElement<String>].self, "mids")?.compactMap(\.value) ?? []
            watermark = c.lenientInt64("watermark")
        }
    }
}
