extension MessagingEvent {
    /// `request_thread_control`: `requestedOwner` asks the primary app for control. From the Page
    /// Inbox (`AppID.pageInbox`) this means an agent moved the thread into the Inbox.
    public struct RequestThreadControl: Decodable, Sendable, Hashable {
        /// The app asking for control.
        public var requestedOwner: AppID
        /// The metadata the requesting app attached.
        public var metadata: String?

        /// Decodes the id as a string or number; throws only when `requested_owner_app_id` is missing.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            requestedOwner = try c.requiredAppID("requested_owner_app_id")
            metadata = c.lenientString("metadata")
        }
    }
}
