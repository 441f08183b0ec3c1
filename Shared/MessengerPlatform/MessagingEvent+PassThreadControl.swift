extension MessagingEvent {
    /// `pass_thread_control`: control of the thread was passed to `newOwner` (sent to the app that
    /// receives control). `previousOwner` is nil when the thread was idle.
    public struct PassThreadControl: Decodable, Sendable, Hashable {
        /// The app that held control; nil (JSON null or absent) when the thread was idle.
        public var previousOwner: AppID?
        /// The app that now holds control.
        public var newOwner: AppID
        /// The metadata the passing app attached.
        public var metadata: String?

        /// Decodes ids as strings or numbers; throws only when `new_owner_app_id` is missing.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            previousOwner = c.lenientAppID("previous_owner_app_id")
            newOwner = try c.requiredAppID("new_owner_app_id")
            metadata = c.lenientString("metadata")
        }
    }
}
