import Dispatch
import Synchronization

/// The bounded hand-over between a consumer's poll thread and the Swift side.
///
/// The poll thread ``push(_:)``es; when `capacity` record batches are waiting it blocks on a
/// semaphore (no busy-waiting) until the reader takes one, so fetching pauses while the application
/// is behind. Assignment events never block. A revocation drops buffered records of the revoked
/// partitions: their offsets could no longer be stored, and the new owner reads them again.
final class ConsumerEventBuffer: Sendable {
    private struct State {
        var events: [KafkaConsumerEvent] = []
        var reader: CheckedContinuation<KafkaConsumerEvent?, Never>?
        var writerIsWaiting = false
        /// Set at shutdown: the writer must not block any more.
        var isStopping = false
        /// No more events; the reader gets `nil` once the buffer is empty.
        var isFinished = false
    }

    private enum PushAction {
        case done
        case wait
        case deliver(CheckedContinuation<KafkaConsumerEvent?, Never>)
    }

    private let state = Mutex(State())
    private let writerWakeup = DispatchSemaphore(value: 0)
    /// How many record batches may wait.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Adds an event (poll thread). Blocks while `capacity` record batches wait, unless stopping.
    func push(_ event: KafkaConsumerEvent) {
        while true {
            let action = state.withLock { state -> PushAction in
                if state.isFinished { return .done }
                if case .records = event, !state.isStopping, state.events.count >= capacity {
                    state.writerIsWaiting = true
                    return .wait
                }
                if case .revoked(let partitions) = event {
                    let revoked = Set(partitions)
                    state.events = state.events.compactMap { buffered in
                        guard case .records(let records) = buffered else { return buffered }
                        let kept = records.filter { !revoked.contains($0.topicPartition) }
                        return kept.isEmpty ? nil : .records(kept)
                    }
                }
                if let reader = state.reader {
                    state.reader = nil
                    return .deliver(reader)
                }
                state.events.append(event)
                return .done
            }
            switch action {
            case .done:
                return
            case .deliver(let reader):
                reader.resume(returning: event)
                return
            case .wait:
                writerWakeup.wait()
            }
        }
    }

    /// The next event, waiting for one; `nil` once finished and drained, or when the task is
    /// cancelled. One reader at a time.
    func next() async -> KafkaConsumerEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KafkaConsumerEvent?, Never>) in
                let (event, wakeWriter, ready) = state.withLock {
                    state -> (KafkaConsumerEvent?, Bool, Bool) in
                    if !state.events.isEmpty {
                        let event = state.events.removeFirst()
                        let wake = state.writerIsWaiting && state.events.count < capacity
                        if wake { state.writerIsWaiting = false }
                        return (event, wake, true)
                    }
                    if state.isFinished || Task.isCancelled { return (nil, false, true) }
                    precondition(state.reader == nil, "KafkaConsumerEvents supports one waiting reader at a time")
                    state.reader = continuation
                    return (nil, false, false)
                }
                if wakeWriter { writerWakeup.signal() }
                if ready { continuation.resume(returning: event) }
            }
        } onCancel: {
            state.withLock { state -> CheckedContinuation<KafkaConsumerEvent?, Never>? in
                defer { state.reader = nil }
                return state.reader
            }?.resume(returning: nil)
        }
    }

    /// How many events wait and whether the poll thread is blocked on a full buffer (for tests).
    var occupancy: (events: Int, writerIsWaiting: Bool) {
        state.withLock { ($0.events.count, $0.writerIsWaiting) }
    }

    /// Shutdown begins: a blocked writer returns and later pushes do not block.
    func stopWaiting() {
        let wake = state.withLock { state -> Bool in
            state.isStopping = true
            defer { state.writerIsWaiting = false }
            return state.writerIsWaiting
        }
        if wake { writerWakeup.signal() }
    }

    /// Ends the sequence: buffered records are dropped (uncommitted, they are read again by the
    /// next owner), buffered assignment events are still delivered, then `nil`.
    func finish() {
        let reader = state.withLock { state -> CheckedContinuation<KafkaConsumerEvent?, Never>? in
            state.isFinished = true
            state.isStopping = true
            state.events.removeAll { if case .records = $0 { true } else { false } }
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }
}
