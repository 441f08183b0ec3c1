/// One webhook event the simulator sent (or tried to send) to one app, with every attempt.
public struct WebhookDeliveryView: Sendable, Hashable, Decodable {
    /// One POST of the event.
    public struct Attempt: Sendable, Hashable, Decodable {
        /// The receiver's HTTP status; nil when there was no answer (timeout, refused).
        public let status: Int?
        /// Why there was no answer.
        public let error: String?
    }

    /// The delivery's number.
    public let id: Int
    /// The receiving app.
    public let appID: String
    /// The user, for thread events.
    public let psid: String?
    /// `message`, `echo`, `pass_thread_control`, …
    public let event: String
    /// `pending`, `delivered` or `failed`.
    public let state: String
    /// Every attempt so far.
    public let attempts: [Attempt]

    enum CodingKeys: String, CodingKey {
        case id, psid, event, state, attempts
        case appID = "app_id"
    }

    /// Whether some attempt did not get a 200 (the receiver refused, failed or timed out).
    public var wasRetried: Bool { attempts.count > 1 }
}
