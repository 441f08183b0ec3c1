import Synchronization

/// Side effects already done for recent events, so that when the runtime retries a record (a pass
/// that failed transiently after the reply went out, say) the user does not get the reply twice.
///
/// Bounded: the oldest entries are forgotten first. A retry follows its failure within seconds, so
/// a few thousand entries cover every record in flight.
final class CompletedSteps: Sendable {
    private struct State {
        var done: Set<String> = []
        var order: [String] = []
        var head = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Runs `step` unless it already completed for `eventID`; remembers it once it succeeds.
    func once(_ step: String, for eventID: String, _ body: () async throws -> Void) async throws {
        let key = eventID + "\u{1F}" + step
        if state.withLock({ $0.done.contains(key) }) { return }
        try await body()
        state.withLock { state in
            guard state.done.insert(key).inserted else { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                state.done.remove(state.order[state.head])
                state.order[state.head] = key
                state.head = (state.head + 1) % capacity
            }
        }
    }
}
