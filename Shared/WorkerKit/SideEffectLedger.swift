import Synchronization

/// The side effects (a reply sent, a thread passed) already done for recent events, by event id
/// and step name, so a record handled again does not repeat them:
/// - a retry of the record in this process (the reply went out, then the pass failed);
/// - after a crash, the records handled but not committed: on assignment the runtime reads the
///   partitions ahead to the echoes of the messages this app sent, whose `metadata` carries
///   their ``SideEffectTag`` (see ``WorkerContext/once(_:_:)``).
///
/// Bounded: the entries written longest ago are forgotten first.
final class SideEffectLedger: Sendable {
    private let done: Mutex<RecencyWindow<SideEffectTag, Bool>>

    /// A ledger of at most `capacity` entries.
    init(capacity: Int) {
        done = Mutex(RecencyWindow(capacity: capacity))
    }

    /// Whether `tag`'s side effect is done.
    func contains(_ tag: SideEffectTag) -> Bool {
        done.withLock { $0.contains(tag) }
    }

    /// Records `tag`'s side effect as done.
    func record(_ tag: SideEffectTag) {
        done.withLock { $0.insert(true, for: tag) }
    }
}

/// One side effect of one event: the event id and a step name unique within the event's
/// handling. Written into the `metadata` of a message sent for it, so the echo of that message
/// proves the step was done.
public struct SideEffectTag: Hashable, Sendable, CustomStringConvertible {
    /// The event whose handling did it.
    public var eventID: String
    /// The step, e.g. `answer`.
    public var step: String

    /// The tag of `step` of the handling of `eventID`.
    public init(eventID: String, step: String) {
        self.eventID = eventID
        self.step = step
    }

    static let prefix = "handover:v1:"

    /// The `metadata` value: `handover:v1:<step>:<event id>` (a step has no `:`).
    public var description: String { Self.prefix + step + ":" + eventID }

    /// The tag written into `metadata`, or nil when `metadata` is not one.
    public init?(metadata: String) {
        guard metadata.hasPrefix(Self.prefix) else { return nil }
        let rest = metadata.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let step = rest[..<colon]
        let eventID = rest[rest.index(after: colon)...]
        guard !step.isEmpty, !eventID.isEmpty else { return nil }
        self.init(eventID: String(eventID), step: String(step))
    }
}
