import Kafka
import ServiceKit
import Synchronization

/// Publishes a request's records and waits, at most ``ackTimeout``, for the broker to hold them all.
///
/// The producer's own `message.timeout.ms` is set to the same bound, so a record that misses the
/// deadline fails in librdkafka too instead of landing after we told Meta to retry (it would then be
/// a duplicate, which consumers drop by event id, but we avoid it where we can).
struct EventPublisher: Sendable {
    let producer: KafkaProducer
    let ackTimeout: Duration
    let metrics: IngressMetrics

    /// Sends `records` as one batch; returns when every one is acknowledged, throws otherwise.
    func publish(_ records: [KafkaProducerRecord]) async throws {
        let start = ContinuousClock.now
        try await withDeadline(ackTimeout + .milliseconds(250)) {
            try await producer.send(records)
        }
        metrics.produced(duration: ContinuousClock.now - start)
    }
}

/// The deadline of ``withDeadline(_:operation:)`` passed before the operation finished.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "deadline exceeded" }
}

/// Runs `operation`, throwing ``DeadlineExceeded`` as soon as `duration` has passed without it
/// finishing. The answer does not wait for the operation: a produce cannot be withdrawn, so it goes
/// on in the background (bounded by librdkafka's `message.timeout.ms`) while the request is
/// answered 503 on time.
func withDeadline<T: Sendable>(_ duration: Duration, operation: @escaping @Sendable () async throws -> T)
    async throws -> T
{
    let outcome = FirstOutcome<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.install(continuation)
        let timer = Task {
            try? await Task.sleep(for: duration)
            outcome.resolve(.failure(DeadlineExceeded()))
        }
        Task {
            do {
                outcome.resolve(.success(try await operation()))
            } catch {
                outcome.resolve(.failure(error))
            }
            timer.cancel()
        }
    }
}

/// Resumes a continuation with whichever outcome arrives first; later ones are dropped.
private final class FirstOutcome<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, done: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func resolve(_ result: Result<T, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard !state.done else { return nil }
            state.done = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }
}
