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

        /// Creates a referral.
        public init(ref: String? = nil, source: String? = nil, type: String? = nil, adID: String? = nil) {
            self.ref = ref
            self.source = source
            self.type = type
            self.adID = adID
        }

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
