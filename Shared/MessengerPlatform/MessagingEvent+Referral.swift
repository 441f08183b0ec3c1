extension MessagingEvent {
    /// `referral`: how the user arrived (m.me link, ad, customer chat plugin, ...).
    public struct Referral: Decodable, Sendable, Hashable {
        /// The `ref` parameter.
        public var ref: String?
        /// `SHORTLINK`, `ADS`, `CUSTOMER_CHAT_PLUGIN`, ...
        public var source: String?
        /// `OPEN_THREAD`, ...
        public var type: String?
        /// The ad id for ad referrals.
        public var adID: String?

        /// Decodes leniently.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: JSONKey.self)
            ref = c.lenientString("ref")
            source = c.lenientString("source")
            type = c.lenientString("type")
            adID = c.lenientID("ad_id")
        }
    }
}
