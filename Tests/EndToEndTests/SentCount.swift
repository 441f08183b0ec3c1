import Synchronization

/// Messages sent so far, counted from many tasks.
final class SentCount: Sendable {
    private let count = Mutex(0)

    func increment() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
}
