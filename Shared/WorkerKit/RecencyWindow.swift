/// A map of bounded size that forgets the entries written longest ago first.
///
/// Used for the dedupe window (event ids) and the ownership view (thread → owner): both must stay
/// bounded however many threads a worker sees, and both care about recent writes. Eviction follows
/// write order, not read order: a read does not keep an entry alive, which keeps reads free of
/// writes. Operations are amortised O(1). A value type: owners guard it with their own lock.
struct RecencyWindow<Key: Hashable, Value> {
    /// The most entries kept.
    let capacity: Int
    private var entries: [Key: (value: Value, stamp: UInt64)] = [:]
    /// Keys in write order; an element whose stamp no longer matches its entry is stale and skipped.
    private var order: [(key: Key, stamp: UInt64)] = []
    private var head = 0
    private var nextStamp: UInt64 = 0

    /// An empty window keeping at most `capacity` (at least 1) entries.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The number of entries kept.
    var count: Int { entries.count }

    /// The value written for `key`, if it is still kept.
    func value(for key: Key) -> Value? {
        entries[key]?.value
    }

    /// Whether `key` is kept.
    func contains(_ key: Key) -> Bool {
        entries[key] != nil
    }

    /// Writes `value` for `key` (it becomes the newest entry), evicting the oldest when full.
    mutating func insert(_ value: Value, for key: Key) {
        nextStamp &+= 1
        entries[key] = (value, nextStamp)
        order.append((key, nextStamp))
        while entries.count > capacity, head < order.count {
            let oldest = order[head]
            head += 1
            if entries[oldest.key]?.stamp == oldest.stamp { entries[oldest.key] = nil }
        }
        compactIfNeeded()
    }

    /// Forgets `key`.
    mutating func removeValue(for key: Key) {
        entries[key] = nil
        compactIfNeeded()
    }

    /// Drops consumed and stale order entries once they outnumber the live ones, so rewriting the
    /// same keys over and over does not grow memory.
    private mutating func compactIfNeeded() {
        let queued = order.count - head
        guard head > 1024 && head > order.count / 2 || queued > 2 * capacity + 1024 else { return }
        let live = entries
        order = order[head...].filter { live[$0.key]?.stamp == $0.stamp }
        head = 0
    }
}
