/// What a readiness wait is doing, for a progress display (long waits show progress, not silence).
public enum ReadinessProgress: Sendable {
    /// Still waiting for `what` (e.g. `GET /readyz`) after `elapsed`; `lastAnswer` says what the
    /// last try got (`HTTP 503`, `connection refused`).
    case waiting(what: String, elapsed: Duration, lastAnswer: String?)
    /// Ready, `elapsed` after the wait began.
    case ready(elapsed: Duration)
}
