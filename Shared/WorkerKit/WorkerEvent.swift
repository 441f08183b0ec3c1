import MessengerPlatform

/// One decoded event as a handler sees it: the contract record, its typed view, its thread and
/// where it was read from.
public struct WorkerEvent: Sendable {
    /// The contract value (id, kind, type, app id, page, user, timestamp, the raw item).
    public let record: EventRecord
    /// The typed view of `record.event`; nil when the item is not a JSON object.
    public let messaging: MessagingEvent?
    /// The conversation; nil for `app_roles`, which concern the whole Page.
    public let thread: ThreadKey?
    /// The topic it was read from.
    public let topic: String
    /// The partition it was read from.
    public let partition: Int32
    /// Its offset in the partition.
    public let offset: Int64
    /// The span of this worker's handling: a child of the record's `traceparent` header (the
    /// ingress's span), or a new trace when the record has none.
    public let trace: TraceParent

    /// An event read from `topic`/`partition` at `offset`, in the trace `parent` (the record's
    /// `traceparent`).
    public init(record: EventRecord, topic: String, partition: Int32, offset: Int64, parent: TraceParent? = nil) {
        self.trace = parent?.child() ?? .random()
        self.record = record
        self.messaging = record.messaging
        self.thread = record.threadKey
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// The topic kind (`messages`, `standby`, `handovers`, `app_role`).
    public var kind: EventKind { record.kind }
    /// What the event is.
    public var type: EventType { record.type }
    /// Whether the app received it on standby (it does not own the thread).
    public var isStandby: Bool { record.kind == .standby }
    /// The event id (`message.mid`, or a stable hash of the item).
    public var id: String { record.id }

    /// True for echoes, reads and deliveries: events a sending handler must never answer.
    public var isPassive: Bool {
        switch record.type {
        case .echo, .read, .delivery: true
        default: false
        }
    }
}
