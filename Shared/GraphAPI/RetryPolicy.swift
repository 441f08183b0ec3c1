/// How a `ThreadControlClient` retries a call that failed with a retriable error: exponential
/// backoff with full jitter, a bounded number of attempts, and `Retry-After` honoured.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// The backoff cap before the first retry; it doubles with every further retry.
    public var baseDelay: Duration
    /// The largest backoff cap.
    public var maxDelay: Duration
    /// Full jitter: wait a uniformly random time from zero to the cap, so many clients that failed
    /// together do not retry together. Without it the cap itself is waited.
    public var jitter: Bool
    /// A `Retry-After` longer than this is not waited for inside the call: the error is thrown
    /// with `retryAfter` set, for the caller to reschedule.
    public var maxRetryAfter: Duration

    /// Creates a policy; the defaults keep a call under about ten seconds.
    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5),
        jitter: Bool = true, maxRetryAfter: Duration = .seconds(30)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries: every call makes exactly one attempt.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Set while a caller retries the whole unit of work itself (a worker's runtime, for each
    /// record): clients then make one attempt per call and leave the retrying to it, so retries are
    /// never nested (a record's budget is the runtime's alone).
    @TaskLocal public static var retriedByCaller = false

    /// The policy a client applies to one call: this one, or a single attempt when the caller
    /// retries (``retriedByCaller``). A `Retry-After` still reaches the caller in the error.
    public var effective: RetryPolicy {
        guard Self.retriedByCaller else { return self }
        var single = self
        single.maxAttempts = 1
        return single
    }

    /// The backoff cap before retry number `retry` (1 = the first retry).
    public func backoffCap(beforeRetry retry: Int) -> Duration {
        let doublings = min(max(retry - 1, 0), 30)
        let cap = baseDelay * (1 << doublings)
        return min(cap, maxDelay)
    }

    /// The wait before retry number `retry`: a jittered backoff, but never less than the server's
    /// `Retry-After`.
    public func delay(
        beforeRetry retry: Int, retryAfter: Duration?, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let cap = backoffCap(beforeRetry: retry)
        var wait = cap
        if jitter {
            let capNanoseconds = cap.totalNanoseconds
            wait = capNanoseconds > 0 ? .nanoseconds(Int64.random(in: 0...capNanoseconds, using: &generator)) : .zero
        }
        if let retryAfter { wait = max(wait, retryAfter) }
        return wait
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating; ample for backoff delays).
    var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }
}
