/// The Kafka headers of an event record, so consumers can filter without parsing the value:
/// `kind`, `type`, `app-id`, `event-id` and a W3C `traceparent`.
public struct RecordHeaders: Sendable, Hashable {
    /// The topic kind.
    public var kind: EventKind
    /// The event type.
    public var type: EventType
    /// The app whose webhook received the event.
    public var appID: AppID
    /// The event id.
    public var eventID: String
    /// The trace context; nil when a parsed record had none (or a malformed one).
    public var traceparent: TraceParent?

    /// Creates headers; a new random trace when none is given.
    public init(
        kind: EventKind, type: EventType, appID: AppID, eventID: String, traceparent: TraceParent? = .random()
    ) {
        self.kind = kind
        self.type = type
        self.appID = appID
        self.eventID = eventID
        self.traceparent = traceparent
    }

    /// The headers of `record`; a new random trace when none is given.
    public init(record: EventRecord, traceparent: TraceParent? = .random()) {
        self.init(
            kind: record.kind, type: record.type, appID: record.appID, eventID: record.id, traceparent: traceparent)
    }

    /// The headers as (name, UTF-8 value) pairs in a fixed order, ready for a Kafka record.
    public var fields: [(name: String, value: [UInt8])] {
        var fields: [(name: String, value: [UInt8])] = [
            (Name.kind, Array(kind.rawValue.utf8)),
            (Name.type, Array(type.rawValue.utf8)),
            (Name.appID, Array(appID.rawValue.utf8)),
            (Name.eventID, Array(eventID.utf8)),
        ]
        if let traceparent {
            fields.append((Name.traceparent, Array(traceparent.description.utf8)))
        }
        return fields
    }

    /// Reads headers back through `lookup` (name → value bytes); nil when kind, type, app id or
    /// event id is missing or unknown. A malformed traceparent reads as nil.
    public init?(lookup: (String) -> [UInt8]?) {
        func text(_ name: String) -> String? { lookup(name).map { String(decoding: $0, as: UTF8.self) } }
        guard let kind = text(Name.kind).flatMap(EventKind.init(rawValue:)),
            let type = text(Name.type).map({ EventType(rawValue: $0) ?? .other }),
            let appID = text(Name.appID), let eventID = text(Name.eventID)
        else { return nil }
        self.init(
            kind: kind, type: type, appID: AppID(appID), eventID: eventID,
            traceparent: text(Name.traceparent).flatMap(TraceParent.init))
    }

    /// Reads headers back from (name, value) pairs; the first pair of a name wins.
    public init?(fields: [(name: String, value: [UInt8])]) {
        self.init(lookup: { name in fields.first { $0.name == name }?.value })
    }
}
