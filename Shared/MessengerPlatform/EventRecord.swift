import Foundation

/// The Kafka record value of one event (a contract: README, "Record value and headers"):
///
/// ```json
/// {"version":1,"id":"…","kind":"messages","type":"message","app_id":"…","page_id":"…",
///  "user_id":"…"|null,"timestamp":1458692752478|null,"received_at":1458692752501,
///  "object":"page","event":{ …the item exactly as Meta sent it… }}
/// ```
///
/// `event` is spliced in as the raw item bytes and read back as the exact same bytes.
public struct EventRecord: PageEvent, Sendable, Hashable {
    /// The version this module writes.
    public static let currentVersion = 1

    /// The format version (1).
    public var version: Int
    /// The event id: `message.mid`/`postback.mid`, else the stable hash of page id and item.
    public var id: String
    /// The topic kind.
    public var kind: EventKind
    /// What the event is.
    public var type: EventType
    /// The app whose webhook received it.
    public var appID: AppID
    /// The Page id.
    public var pageID: String
    /// The user of the thread; nil for `app_roles`.
    public var userID: String?
    /// The event's timestamp (ms since the epoch), from the item or its entry.
    public var timestamp: Int64?
    /// When the ingress received the webhook (ms since the epoch).
    public var receivedAt: Int64
    /// The webhook's top-level `object` (`page`, `instagram`, ...).
    public var object: String
    /// The item's JSON bytes exactly as Meta sent them.
    public var event: [UInt8]

    /// Creates a record from its fields.
    public init(
        version: Int = EventRecord.currentVersion, id: String, kind: EventKind, type: EventType, appID: AppID,
        pageID: String, userID: String?, timestamp: Int64?, receivedAt: Int64, object: String, event: [UInt8]
    ) {
        self.version = version
        self.id = id
        self.kind = kind
        self.type = type
        self.appID = appID
        self.pageID = pageID
        self.userID = userID
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.object = object
        self.event = event
    }

    /// The record of one split webhook item received by `appID` at `receivedAt` (ms since the epoch).
    public init(item: WebhookItem, appID: AppID, receivedAt: Int64) {
        self.init(
            id: item.eventID, kind: item.kind, type: item.type, appID: appID, pageID: item.pageID,
            userID: item.userID, timestamp: item.timestamp, receivedAt: receivedAt, object: item.object,
            event: item.raw)
    }

    /// The record of one split webhook item received by `appID` at `receivedAt`.
    public init(item: WebhookItem, appID: AppID, receivedAt: Date) {
        self.init(item: item, appID: appID, receivedAt: Int64((receivedAt.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The typed view of `event`; nil when it is not a JSON object.
    public var messaging: MessagingEvent? {
        try? MessagingEvent(json: event)
    }
}
