import Synchronization

/// Every child process started through ``ChildProcess/start(_:)`` that has not ended yet.
final class ChildRegistry: Sendable {
    /// The registry of this process.
    static let shared = ChildRegistry()

    private let children = Mutex<[Int32: ChildProcess]>([:])

    /// The children still running.
    var running: [ChildProcess] { children.withLock { Array($0.values) } }

    /// Records a started child (unless it has already ended).
    func add(_ child: ChildProcess) {
        children.withLock { $0[child.pid] = child }
        if !child.isRunning { remove(child.pid) }
    }

    /// Forgets the child with `pid` (it ended).
    func remove(_ pid: Int32) {
        _ = children.withLock { $0.removeValue(forKey: pid) }
    }
}
