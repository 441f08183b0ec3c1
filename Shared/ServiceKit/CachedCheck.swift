import Synchronization

/// A readiness check that runs its probe at most once per ``interval`` and answers from the last
/// result in between, so a busy `/readyz` poller does not turn into a metadata request storm.
public final class CachedCheck: Sendable {
    private let interval: Duration
    private let probe: @Sendable () async -> Bool
    private let last = Mutex<(at: ContinuousClock.Instant, ok: Bool)?>(nil)

    /// Caches `probe` for `interval`.
    public init(interval: Duration = .seconds(1), probe: @escaping @Sendable () async -> Bool) {
        self.interval = interval
        self.probe = probe
    }

    /// The probe's answer, at most ``interval`` old.
    public func check() async -> Bool {
        let now = ContinuousClock.now
        if let cached = last.withLock({ $0 }), now - cached.at < interval { return cached.ok }
        let ok = await probe()
        last.withLock { $0 = (ContinuousClock.now, ok) }
        return ok
    }
}
