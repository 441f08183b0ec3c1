/// One readiness check's result: ready (with what it found, e.g. the broker's address) or not yet
/// (with what the last try got, for the progress display).
public enum ProbeAnswer: Sendable {
    /// Ready; the value found.
    case ready(String)
    /// Not ready; what the try got (`HTTP 503`, `connection refused`).
    case notYet(String?)
}
