import MessengerPlatform
import Synchronization
import WorkerKit

/// What a test handler saw: every call, in order, with how many ran at once and whether two
/// events of one thread ever overlapped. Tests wait on it instead of sleeping.
final class HandlerJournal: Sendable {
    struct Entry: Sendable {
        let id: String
        let thread: String
        let text: String?
        let type: String
        let partition: Int32
        let offset: Int64
        let run: Int
    }

    struct State: Sendable {
        var started: [Entry] = []
        var completed: [Entry] = []
        var failed: [Entry] = []
        var runningThreads: Set<String> = []
        var running = 0
        var maxRunning = 0
        var overlaps = 0
        var run = 1
        var firstStart: ContinuousClock.Instant?
        var lastCompletion: ContinuousClock.Instant?
    }

    private struct Waiter {
        let predicate: @Sendable (State) -> Bool
        let continuation: CheckedContinuation<Bool, Never>
        let id: Int
    }

    private let state = Mutex(State())
    private let waiters = Mutex<(list: [Waiter], nextID: Int)>(([], 0))

    var snapshot: State { state.withLock { $0 } }

    /// From the first handler call to the last one that returned.
    var elapsedFromFirstStartToLastCompletion: Duration? {
        let state = snapshot
        guard let first = state.firstStart, let last = state.lastCompletion else { return nil }
        return last - first
    }

    /// Marks the start of a second (third…) worker run: later entries carry the new run number.
    func nextRun() {
        update { $0.run += 1 }
    }

    func started(_ event: WorkerEvent) -> Entry {
        var entry: Entry!
        update { state in
            entry = Self.entry(event, run: state.run)
            state.started.append(entry)
            let thread = entry.thread
            if !state.runningThreads.insert(thread).inserted { state.overlaps += 1 }
            state.running += 1
            state.maxRunning = max(state.maxRunning, state.running)
            if state.firstStart == nil { state.firstStart = .now }
        }
        return entry
    }

    func finished(_ entry: Entry, success: Bool) {
        update { state in
            state.runningThreads.remove(entry.thread)
            state.running -= 1
            if success { state.completed.append(entry) } else { state.failed.append(entry) }
            state.lastCompletion = .now
        }
    }

    /// Waits until `predicate` holds (true) or `timeout` passed (false).
    func wait(timeout: Duration = .seconds(60), until predicate: @escaping @Sendable (State) -> Bool) async -> Bool {
        if predicate(snapshot) { return true }
        let id = waiters.withLock { waiters in
            waiters.nextID += 1
            return waiters.nextID
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let current = snapshot
            if predicate(current) {
                continuation.resume(returning: true)
                return
            }
            waiters.withLock { $0.list.append(Waiter(predicate: predicate, continuation: continuation, id: id)) }
            // A change between the check and the registration would be missed: check again.
            if predicate(snapshot) { wake() }
        }
    }

    private func expire(_ id: Int) {
        let expired = waiters.withLock { waiters -> Waiter? in
            guard let index = waiters.list.firstIndex(where: { $0.id == id }) else { return nil }
            return waiters.list.remove(at: index)
        }
        expired?.continuation.resume(returning: false)
    }

    private func update(_ change: (inout State) -> Void) {
        state.withLock { change(&$0) }
        wake()
    }

    private func wake() {
        let current = snapshot
        let ready = waiters.withLock { waiters -> [Waiter] in
            let ready = waiters.list.filter { $0.predicate(current) }
            waiters.list.removeAll { waiter in ready.contains { $0.id == waiter.id } }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: true) }
    }

    private static func entry(_ event: WorkerEvent, run: Int) -> Entry {
        Entry(
            id: event.id, thread: event.record.recordKey, text: event.messaging?.message?.text,
            type: event.type.rawValue,
            partition: event.partition, offset: event.offset, run: run)
    }
}
