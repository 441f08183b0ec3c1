/// An error that tells the runtime whether another attempt of the record could succeed, for
/// handlers' own clients (a desk, a CRM). Other errors are final unless they are Graph, Kafka,
/// transport or `WorkerError`s marked retriable.
public protocol RetryAdvice: Error {
    /// Whether the same record may succeed on a later attempt.
    var isRetriable: Bool { get }
    /// The peer's `Retry-After`, when it sent one; the runtime waits at least this long.
    var retryAfter: Duration? { get }
}
