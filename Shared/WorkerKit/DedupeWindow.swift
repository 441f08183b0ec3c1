import Synchronization

/// The keys (event ids, by default) of the last N events handled or dead-lettered, so a
/// redelivered webhook or a record read again after a rebalance is not acted on twice.
final class DedupeWindow: Sendable {
    private let keys: Mutex<RecencyWindow<String, Bool>>?

    /// A window of `capacity` keys; 0 disables deduplication.
    init(capacity: Int) {
        keys = capacity > 0 ? Mutex(RecencyWindow(capacity: capacity)) : nil
    }

    /// Whether `key` was handled recently.
    func contains(_ key: String) -> Bool {
        keys?.withLock { $0.contains(key) } ?? false
    }

    /// Remembers `key` as handled.
    func insert(_ key: String) {
        keys?.withLock { $0.insert(true, for: key) }
    }
}
