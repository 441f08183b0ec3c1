extension RecordHeaders {
    /// Header names (a contract shared by ingress and workers).
    public enum Name {
        /// The topic kind, e.g. `messages`.
        public static let kind = "kind"
        /// The event type, e.g. `pass_thread_control`.
        public static let type = "type"
        /// The app whose webhook received the event.
        public static let appID = "app-id"
        /// The event id (mid or stable hash), for deduplication.
        public static let eventID = "event-id"
        /// W3C Trace Context.
        public static let traceparent = "traceparent"
    }
}
