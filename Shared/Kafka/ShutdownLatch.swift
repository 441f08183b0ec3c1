import Synchronization

/// Lets exactly one caller run a client's shutdown while later callers wait for it to finish.
///
/// `begin()` answers `true` to the first caller, which does the work and then calls `finish()`;
/// callers that arrive while it runs are suspended until `finish()`, and callers after it return
/// at once with `false`. The state lives behind a lock; continuations resume outside it.
final class ShutdownLatch: Sendable {
    private enum State {
        case running
        case inProgress([CheckedContinuation<Bool, Never>])
        case done
    }

    private let state = Mutex(State.running)

    /// `true` for the caller that must shut down; `false` (after waiting, if one is under way)
    /// for everyone else.
    func begin() async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = state.withLock { state -> Bool? in
                switch state {
                case .running:
                    state = .inProgress([])
                    return true
                case .inProgress(var waiters):
                    waiters.append(continuation)
                    state = .inProgress(waiters)
                    return nil
                case .done:
                    return false
                }
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Marks the shutdown done and releases the callers waiting for it.
    func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            defer { state = .done }
            if case .inProgress(let waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume(returning: false) }
    }
}
