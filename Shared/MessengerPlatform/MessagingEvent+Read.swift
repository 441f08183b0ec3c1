extension MessagingEvent {
    /// `read`: the user read every message up to `watermark`. Never answer it.
    public struct Read: Decodable, Sendable, Hashable {
        /// Messages sent before this time (ms) were read.
        public var watermark: Int64?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            watermark = try decoder.container(keyedBy: JSONKey.self).lenientInt64("watermark")
        }
    }
}
