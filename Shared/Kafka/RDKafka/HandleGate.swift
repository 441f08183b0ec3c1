import Synchronization

/// Counts the calls that are using a librdkafka handle so that shutdown can wait for them before it
/// destroys the handle, and refuses new ones once shutdown began.
final class HandleGate: Sendable {
    private struct State {
        var users = 0
        var isClosed = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Registers a user; `false` once the gate is closed (the caller must not touch the handle).
    func enter() -> Bool {
        state.withLock { state in
            guard !state.isClosed else { return false }
            state.users += 1
            return true
        }
    }

    /// Ends a use begun with a successful ``enter()``.
    func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.users -= 1
            guard state.isClosed, state.users == 0 else { return [] }
            defer { state.drainWaiters = [] }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Refuses new users and returns when the current ones have left.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let drained = state.withLock { state -> Bool in
                state.isClosed = true
                if state.users == 0 { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if drained { continuation.resume() }
        }
    }
}
