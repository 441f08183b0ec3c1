extension WebhookItem {
    /// Which array of its entry an item came from.
    public enum Placement: String, Sendable, Hashable, CaseIterable {
        /// `entry[].messaging[]`: delivered to the app that owns the thread (and handover events).
        case messaging
        /// `entry[].standby[]`: a copy for an app that does not own the thread.
        case standby
    }
}

extension WebhookItem.Placement {
    /// The entry key of the array.
    var key: StaticString {
        switch self {
        case .messaging: "messaging"
        case .standby: "standby"
        }
    }
}
