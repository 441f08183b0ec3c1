import Synchronization

/// The context of one ``KafkaProducer/send(_:)``: counts the records whose delivery report is
/// still outstanding and resumes the sender when the last one arrives.
///
/// Each produced record carries one retain of the ticket as its per-message opaque; the delivery
/// report callback takes that retain back.
final class DeliveryTicket: Sendable {
    private struct State {
        var outstanding: Int
        var firstError: KafkaError?
        var continuation: CheckedContinuation<Result<Void, KafkaError>, Never>?
    }

    private let state: Mutex<State>

    /// A ticket for `count` records (at least one).
    init(count: Int, continuation: CheckedContinuation<Result<Void, KafkaError>, Never>) {
        state = Mutex(State(outstanding: count, firstError: nil, continuation: continuation))
    }

    /// Resumes the sender now with `error` unless it was resumed already; the records' outcomes
    /// still arrive and are counted, but no longer reach it (an answer deadline passed).
    func abandon(_ error: KafkaError) {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: .failure(error))
    }

    /// Whether the sender was resumed (every outcome known, or abandoned).
    var isAnswered: Bool { state.withLock { $0.continuation == nil } }

    /// Records the outcome of one record; the last one resumes the sender with the first error, if
    /// any.
    func complete(_ error: KafkaError?) {
        let finished = state.withLock { state -> (CheckedContinuation<Result<Void, KafkaError>, Never>, KafkaError?)? in
            if state.firstError == nil, let error { state.firstError = error }
            state.outstanding -= 1
            guard state.outstanding == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.firstError)
        }
        guard let (continuation, error) = finished else { return }
        continuation.resume(returning: error.map { .failure($0) } ?? .success(()))
    }
}
