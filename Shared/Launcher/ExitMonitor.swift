import Foundation
import Synchronization

/// The end of one child process, for everyone waiting for it.
final class ExitMonitor: Sendable {
    private struct State {
        var exit: ChildExit?
        var waiters: [UInt64: CheckedContinuation<ChildExit?, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Foundation's handle of the running process, kept so its exit is observed.
    private let process = Mutex<ProcessReference?>(nil)

    /// How the process ended, or nil while it runs.
    var exit: ChildExit? { state.withLock { $0.exit } }

    /// Keeps Foundation's object alive while the process runs.
    func keep(_ handle: Process) {
        process.withLock { $0 = ProcessReference(handle) }
    }

    /// Records the end and wakes every waiter.
    func finish(_ exit: ChildExit) {
        let waiters = state.withLock { state -> [CheckedContinuation<ChildExit?, Never>] in
            guard state.exit == nil else { return [] }
            state.exit = exit
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: exit) }
        process.withLock { $0 = nil }
    }

    /// Waits for the end; nil when the waiting task is cancelled first.
    func wait() async -> ChildExit? {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let exit = state.withLock { state -> ChildExit?? in
                    if let exit = state.exit { return .some(exit) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let exit { continuation.resume(returning: exit) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }
}
