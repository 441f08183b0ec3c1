extension MessagingEvent {
    /// `take_thread_control`: control was taken from `previousOwner` (sent to that app; under
    /// Conversation Routing to every subscribed app). `newOwner` is absent in older payloads.
    public struct TakeThreadControl: Decodable, Sendable, Hashable {
        /// The app control was taken from.
        public var previousOwner: AppID
        /// The app that took control, when the payload says.
        public var newOwner: AppID?
        /// The metadata the taking app attached.
        public var metadata: String?

        /// Decodes ids as strings or numbers; throws only when `previous_owner_app_id` is missing.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            previousOwner = try c.requiredAppID("previous_owner_app_id")
            newOwner = c.lenientAppID("new_owner_app_id")
            metadata = c.lenientString("metadata")
        }
    }
}
