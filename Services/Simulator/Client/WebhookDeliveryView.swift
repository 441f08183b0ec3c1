/// One webhook event the simulator sent (or tried to send) to one app, with every attempt: an
/// element of `GET /_sim/deliveries` and the `delivery` of a transcript's delivery entry.
public struct WebhookDeliveryView: Sendable, Hashable, Codable {
    /// Where a delivery stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// Queued or between attempts.
        case pending
        /// A 200 arrived.
        case delivered
        /// Every attempt of the retry policy failed.
        case failed
    }

    /// One POST of the event.
    public struct Attempt: Sendable, Hashable, Codable {
        /// When it was answered or failed (ms since 1970).
        public var at: Int64
        /// The receiver's HTTP status; nil when there was no answer (timeout, refused).
        public var status: Int?
        /// Why there was no answer, short and secret-free.
        public var error: String?

        /// An attempt answered with `status`, or failed with `error`.
        public init(at: Int64, status: Int?, error: String?) {
            self.at = at
            self.status = status
            self.error = error
        }
    }

    /// The delivery's number.
    public var id: Int
    /// The receiving app.
    public var appID: String
    /// The user, for thread events.
    public var psid: String?
    /// `messaging` or `standby`.
    public var placement: String
    /// Event type (`message`, `echo`, `pass_thread_control`, …).
    public var event: String
    /// `message.mid` when the event has one.
    public var mid: String?
    /// When it was queued (ms since 1970, simulator clock).
    public var createdAt: Int64
    /// Where it stands.
    public var state: State
    /// Every attempt so far.
    public var attempts: [Attempt]

    /// A delivery with every field.
    public init(
        id: Int, appID: String, psid: String?, placement: String, event: String, mid: String?, createdAt: Int64,
        state: State, attempts: [Attempt]
    ) {
        self.id = id
        self.appID = appID
        self.psid = psid
        self.placement = placement
        self.event = event
        self.mid = mid
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
    }

    enum CodingKeys: String, CodingKey {
        case id, psid, placement, event, mid, state, attempts
        case appID = "app_id"
        case createdAt = "created_at"
    }

    /// Whether some attempt did not get a 200 (the receiver refused, failed or timed out).
    public var wasRetried: Bool { attempts.count > 1 }
}

/// `GET /_sim/deliveries`: every delivery the simulator remembers, oldest first.
public struct WebhookDeliveryList: Sendable, Hashable, Codable {
    /// The deliveries.
    public var data: [WebhookDeliveryView]

    /// A list of `data`.
    public init(data: [WebhookDeliveryView]) { self.data = data }
}
