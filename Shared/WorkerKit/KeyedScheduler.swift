import Kafka
import Synchronization

/// Hands records to a fixed pool of handler tasks so that records with the same key (one thread)
/// run strictly one after another, in the order they were fetched, while records of different keys
/// run concurrently; and stores each partition's offset only up to its lowest unfinished record.
///
/// Keys wait their turn round-robin, so one busy thread cannot starve the others. The scheduler
/// also counts records in flight (queued or running), which the fetch loop uses for back-pressure.
final class KeyedScheduler: Sendable {
    /// One record and the assignment it was fetched under.
    struct Job: Sendable {
        let record: KafkaConsumerRecord
        /// The lane (thread) key.
        let lane: String
        /// The assignment generation of the record's partition; a job of a revoked generation is
        /// dropped (the partition's new owner reads it again from the committed offset).
        let generation: UInt64
    }

    private struct Lane {
        var jobs: [Job] = []
        var head = 0
        var running = false

        var isEmpty: Bool { head == jobs.count }

        mutating func popFirst() -> Job? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }

    private struct Partition {
        let generation: UInt64
        var progress = PartitionProgress()
    }

    private struct State {
        /// Records in flight at which the fetch loop pauses.
        let limit: Int
        var lanes: [String: Lane] = [:]
        /// Keys of lanes with queued jobs and no job running, in the order they became ready.
        var ready: [String] = []
        var readyHead = 0
        /// Jobs waiting in lanes.
        var queued = 0
        /// Jobs queued or running.
        var inflight = 0
        var partitions: [KafkaTopicPartition: Partition] = [:]
        var nextGeneration: UInt64 = 0
        var idleWorkers: [(id: UInt64, continuation: CheckedContinuation<Job?, Never>)] = []
        var capacityWaiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var idleWaiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
        var abandoned = false

        mutating func waiterID() -> UInt64 {
            nextWaiterID += 1
            return nextWaiterID
        }

        mutating func partition(_ topicPartition: KafkaTopicPartition) -> UInt64 {
            if let existing = partitions[topicPartition] { return existing.generation }
            nextGeneration += 1
            partitions[topicPartition] = Partition(generation: nextGeneration)
            return nextGeneration
        }

        func isLive(_ job: Job) -> Bool {
            partitions[job.record.topicPartition]?.generation == job.generation
        }

        mutating func makeReady(_ key: String) {
            ready.append(key)
        }

        mutating func popReadyKey() -> String? {
            guard readyHead < ready.count else { return nil }
            let key = ready[readyHead]
            readyHead += 1
            if readyHead > 256, readyHead > ready.count / 2 {
                ready.removeFirst(readyHead)
                readyHead = 0
            }
            return key
        }

        /// The next job of the longest-waiting ready lane; drops jobs of revoked partitions.
        mutating func takeReady() -> Job? {
            guard !abandoned else { return nil }
            while let key = popReadyKey() {
                // Taken out of the dictionary so its array is uniquely referenced and changes in place.
                guard var lane = lanes.removeValue(forKey: key) else { continue }
                while let job = lane.popFirst() {
                    queued -= 1
                    if isLive(job) {
                        lane.running = true
                        lanes[key] = lane
                        return job
                    }
                    inflight -= 1
                }
            }
            return nil
        }

        /// Hands ready jobs to idle workers, and ends idle workers when no job can come any more.
        mutating func wakeWorkers() {
            while !idleWorkers.isEmpty, let job = takeReady() {
                idleWorkers.removeFirst().continuation.resume(returning: job)
            }
            if abandoned || (closed && queued == 0) {
                for worker in idleWorkers { worker.continuation.resume(returning: nil) }
                idleWorkers.removeAll()
            }
            wakeWaiters()
        }

        /// Resumes the fetch loop below the limit and drain waiters at zero.
        mutating func wakeWaiters() {
            if inflight < limit, let waiter = capacityWaiter {
                capacityWaiter = nil
                waiter.continuation.resume()
            }
            if inflight == 0 {
                for waiter in idleWaiters { waiter.continuation.resume() }
                idleWaiters.removeAll()
            }
        }
    }

    private let state: Mutex<State>
    private let storeOffset: @Sendable (KafkaTopicPartition, Int64) -> Void
    private let inflightChanged: @Sendable (Int) -> Void

    /// A scheduler whose fetch loop pauses at `limit` records in flight. `storeOffset` receives a
    /// partition's next offset to commit each time it advances (called under the scheduler's lock,
    /// so stores of one partition never reorder; it must be a quick in-memory call).
    init(
        limit: Int,
        storeOffset: @escaping @Sendable (KafkaTopicPartition, Int64) -> Void,
        inflightChanged: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.state = Mutex(State(limit: max(1, limit)))
        self.storeOffset = storeOffset
        self.inflightChanged = inflightChanged
    }

    /// Records queued or running.
    var inflight: Int { state.withLock { $0.inflight } }

    /// Queues fetched records behind earlier records of the same key.
    func submit(_ records: [KafkaConsumerRecord]) {
        guard !records.isEmpty else { return }
        let count: Int? = state.withLock { state in
            guard !state.abandoned else { return nil }
            for record in records {
                let generation = state.partition(record.topicPartition)
                state.partitions[record.topicPartition]?.progress.begin(record.offset)
                let key = record.keyString ?? "\(record.topic)#\(record.partition)"
                // Taken out so the append is in place: a copy left in the dictionary would make every
                // append copy the whole lane (quadratic in a backlog of one thread).
                var lane = state.lanes.removeValue(forKey: key) ?? Lane()
                if lane.isEmpty && !lane.running { state.makeReady(key) }
                lane.jobs.append(Job(record: record, lane: key, generation: generation))
                state.lanes[key] = lane
                state.queued += 1
                state.inflight += 1
            }
            state.wakeWorkers()
            return state.inflight
        }
        if let count { inflightChanged(count) }
    }

    /// Starts tracking newly assigned partitions.
    func assigned(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            for partition in partitions { _ = state.partition(partition) }
        }
    }

    /// Forgets revoked partitions: their queued records are dropped and no offset is stored for
    /// them any more (records still running finish, but their offsets are not stored).
    func revoked(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            for partition in partitions { state.partitions[partition] = nil }
        }
    }

    /// The next job for a pool task; `nil` when the scheduler is closed and drained, abandoned, or
    /// the calling task is cancelled.
    func next() async -> Job? {
        let id = state.withLock { $0.waiterID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Job?, Never>) in
                state.withLock { state in
                    if Task.isCancelled || state.abandoned {
                        continuation.resume(returning: nil)
                    } else if let job = state.takeReady() {
                        state.wakeWaiters()
                        continuation.resume(returning: job)
                    } else if state.closed && state.queued == 0 {
                        continuation.resume(returning: nil)
                    } else {
                        state.idleWorkers.append((id, continuation))
                    }
                }
            }
        } onCancel: {
            state.withLock { state in
                if let index = state.idleWorkers.firstIndex(where: { $0.id == id }) {
                    state.idleWorkers.remove(at: index).continuation.resume(returning: nil)
                }
            }
        }
    }

    /// Ends a job. A `completed` job's offset counts as done (its partition's stored offset may
    /// advance); an abandoned one stays unfinished, so it is read again after a restart, and the
    /// rest of its lane is dropped with it (they must not overtake it).
    func finish(_ job: Job, completed: Bool) {
        let count = state.withLock { state in
            state.inflight -= 1
            if completed, state.isLive(job),
                let next = state.partitions[job.record.topicPartition]?.progress.finish(job.record.offset)
            {
                storeOffset(job.record.topicPartition, next)
            }
            if var lane = state.lanes.removeValue(forKey: job.lane) {
                lane.running = false
                if !completed || state.abandoned {
                    let dropped = lane.jobs.count - lane.head
                    state.queued -= dropped
                    state.inflight -= dropped
                    state.lanes[job.lane] = nil
                } else if lane.isEmpty {
                    state.lanes[job.lane] = nil
                } else {
                    state.lanes[job.lane] = lane
                    state.makeReady(job.lane)
                }
            }
            state.wakeWorkers()
            return state.inflight
        }
        inflightChanged(count)
    }

    /// Returns once fewer than the limit of records are in flight (or the task is cancelled).
    func waitForCapacity() async {
        let id = state.withLock { $0.waiterID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                state.withLock { state in
                    if Task.isCancelled || state.inflight < state.limit || state.abandoned {
                        continuation.resume()
                    } else {
                        state.capacityWaiter?.continuation.resume()
                        state.capacityWaiter = (id, continuation)
                    }
                }
            }
        } onCancel: {
            state.withLock { state in
                if let waiter = state.capacityWaiter, waiter.id == id {
                    state.capacityWaiter = nil
                    waiter.continuation.resume()
                }
            }
        }
    }

    /// Returns once no record is in flight (or the task is cancelled).
    func waitUntilIdle() async {
        let id = state.withLock { $0.waiterID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                state.withLock { state in
                    if Task.isCancelled || state.inflight == 0 {
                        continuation.resume()
                    } else {
                        state.idleWaiters.append((id, continuation))
                    }
                }
            }
        } onCancel: {
            state.withLock { state in
                if let index = state.idleWaiters.firstIndex(where: { $0.id == id }) {
                    state.idleWaiters.remove(at: index).continuation.resume()
                }
            }
        }
    }

    /// No more records will be submitted: pool tasks end once the queued ones are done.
    func close() {
        state.withLock { state in
            state.closed = true
            state.wakeWorkers()
        }
    }

    /// Gives up on every queued record (they stay unfinished, so they are read again after a
    /// restart); running jobs end when their tasks are cancelled.
    func abandon() {
        let count = state.withLock { state in
            state.abandoned = true
            for (key, var lane) in state.lanes {
                let dropped = lane.jobs.count - lane.head
                state.queued -= dropped
                state.inflight -= dropped
                if lane.running {
                    lane.jobs.removeAll()
                    lane.head = 0
                    state.lanes[key] = lane
                } else {
                    state.lanes[key] = nil
                }
            }
            state.ready.removeAll()
            state.readyHead = 0
            state.wakeWorkers()
            return state.inflight
        }
        inflightChanged(count)
    }
}
