import Crypto

/// One event of a webhook body: an item of some `entry[].messaging[]` or `entry[].standby[]`,
/// with its exact bytes and everything needed to route, key and deduplicate it.
public struct WebhookItem: PageEvent, Sendable, Hashable {
    /// The body's top-level `object` (`page`, `instagram`, ...); empty when absent.
    public var object: String
    /// The entry's `id`: the Page (or Instagram account) the event belongs to.
    public var pageID: String
    /// The entry's `time`, when present and an integer.
    public var entryTime: Int64?
    /// Whether the item came from `messaging` (this app owns the thread) or `standby`.
    public var placement: Placement
    /// The item exactly as Meta sent it: the bytes of its JSON object, never re-serialised.
    public var raw: [UInt8]
    /// Where `raw` lies in the webhook body.
    public var range: Range<Int>
    /// The topic it is routed to.
    public var kind: EventKind
    /// What the item is.
    public var type: EventType
    /// `sender.id`, string or number as text.
    public var senderID: String?
    /// `recipient.id`, string or number as text.
    public var recipientID: String?
    /// The user of the thread: `recipient.id` for echoes (the sender is the Page), nil for
    /// `app_roles`, `sender.id` otherwise.
    public var userID: String?
    /// The item's `timestamp`, else the entry's `time`.
    public var timestamp: Int64?
    /// `message.mid` or `postback.mid` when present, else `WebhookItem.hashedEventID(pageID:raw:)`.
    public var eventID: String

    /// Creates an item from its parts; `WebhookBody` builds these from a body.
    public init(
        object: String, pageID: String, entryTime: Int64?, placement: Placement, raw: [UInt8], range: Range<Int>,
        type: EventType, senderID: String?, recipientID: String?, timestamp: Int64?, mid: String?
    ) {
        self.object = object
        self.pageID = pageID
        self.entryTime = entryTime
        self.placement = placement
        self.raw = raw
        self.range = range
        self.type = type
        self.kind = EventKind(placement: placement, type: type)
        self.senderID = senderID
        self.recipientID = recipientID
        switch type {
        case .appRoles: self.userID = nil
        case .echo: self.userID = recipientID
        default: self.userID = senderID
        }
        self.timestamp = timestamp ?? entryTime
        self.eventID = mid ?? WebhookItem.hashedEventID(pageID: pageID, raw: raw)
    }

    /// The typed view of the item; nil when it cannot be decoded at all.
    public var messaging: MessagingEvent? {
        try? MessagingEvent(json: raw)
    }

    /// The id of an event without `mid`: lowercase hex SHA-256 of the page id, a newline and the
    /// item's raw bytes. A redelivered webhook carries the same bytes, so it yields the same id.
    public static func hashedEventID(pageID: String, raw: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(pageID.utf8))
        hasher.update(data: [UInt8(ascii: "\n")])
        raw.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return Hex.encode(hasher.finalize())
    }
}
