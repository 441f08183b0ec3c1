import Synchronization

/// Group commit: writes that arrive while one is in flight wait and go together in the next
/// statement. Many handlers run at once (the worker's concurrency), so under load one multi-row
/// insert replaces dozens of single ones; alone, a write goes at once.
final class GroupWriter<Item: Sendable>: Sendable {
    private struct State {
        var pending: [(item: Item, done: CheckedContinuation<Bool, any Error>)] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let maxBatch: Int
    /// Writes a batch; returns, per item in order, whether it was new.
    private let write: @Sendable ([Item]) async throws -> [Bool]

    /// A writer of batches of at most `maxBatch` items through `write`.
    init(maxBatch: Int, write: @escaping @Sendable ([Item]) async throws -> [Bool]) {
        self.maxBatch = maxBatch
        self.write = write
    }

    /// Writes `item` with whatever else is waiting; returns whether it was new.
    func submit(_ item: Item) async throws -> Bool {
        try await withCheckedThrowingContinuation { done in
            let starts = state.withLock { state -> Bool in
                state.pending.append((item, done))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if starts { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.pending.prefix(maxBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let fresh = try await write(batch.map(\.item))
                for (index, entry) in batch.enumerated() { entry.done.resume(returning: fresh[index]) }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
    }
}
