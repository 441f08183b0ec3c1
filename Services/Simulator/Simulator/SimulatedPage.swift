import Synchronization

/// The page's state behind one lock, shared by the HTTP handlers and the webhook dispatcher.
final class SimulatedPage: Sendable {
    private let state: Mutex<PageState>

    init(_ state: PageState) {
        self.state = Mutex(state)
    }

    /// Runs `body` with exclusive access; keep it short and free of I/O.
    func withLock<Result: Sendable, Failure: Error>(_ body: (inout PageState) throws(Failure) -> Result) throws(Failure)
        -> Result
    {
        try state.withLock { (state: inout PageState) throws(Failure) -> Result in try body(&state) }
    }

    /// The simulator's clock: the wall clock plus any `POST /_sim/clock` advance (ms since 1970).
    func now() -> Int64 {
        withLock { $0.now }
    }
}
