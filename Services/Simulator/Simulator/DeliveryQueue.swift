import Synchronization

/// One app's FIFO of pending webhook events. Pushing never blocks (it runs under the page lock, so
/// events enter every queue in the order they happened); one consumer takes batches.
final class DeliveryQueue: Sendable {
    private struct State: Sendable {
        var items: [WebhookDelivery] = []
        var head = 0
        var waiter: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// Appends events.
    func push(_ deliveries: [WebhookDelivery]) {
        guard !deliveries.isEmpty else { return }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.items.append(contentsOf: deliveries)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Up to `limit` events, waiting while the queue is empty; `nil` once the consuming task is
    /// cancelled.
    func next(limit: Int) async -> [WebhookDelivery]? {
        while true {
            if let batch = take(limit: limit) { return batch.isEmpty ? nil : batch }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.closed || state.head < state.items.count { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    state.closed = true
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }
    }

    /// A batch, `[]` when closed, `nil` when empty.
    private func take(limit: Int) -> [WebhookDelivery]? {
        state.withLock { state in
            if state.closed { return [] }
            guard state.head < state.items.count else { return nil }
            let end = min(state.items.count, state.head + max(1, limit))
            let batch = Array(state.items[state.head..<end])
            state.head = end
            // Compact now and then so a long-running simulator does not keep every event.
            if state.head > 1024, state.head * 2 > state.items.count {
                state.items.removeFirst(state.head)
                state.head = 0
            }
            return batch
        }
    }
}
