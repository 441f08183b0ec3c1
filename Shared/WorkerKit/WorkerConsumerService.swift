import CurlHTTP
import Kafka
import Logging
import ServiceLifecycle
import Synchronization

/// The worker's consumer loop as a `Service`: fetches records, hands them to the keyed scheduler
/// and a pool of `concurrency` handler tasks, and on graceful shutdown stops fetching, lets
/// in-flight records finish (up to the drain timeout, then abandons them), commits and leaves
/// the group.
///
/// Cancellation (not graceful) is the in-process equivalent of a crash: in-flight records are
/// abandoned at once, only finished records' offsets are committed.
final class WorkerConsumerService<Handler: EventHandler>: Service, Sendable {
    let consumer: KafkaConsumer
    let producer: KafkaProducer
    let processor: RecordProcessor<Handler>
    let recovery: SideEffectRecovery
    let scheduler: KeyedScheduler
    let configuration: WorkerConfiguration
    let http: CurlHTTPClient
    let logger: Logger
    private let joined = Atomic<Bool>(false)

    init(
        consumer: KafkaConsumer, producer: KafkaProducer, processor: RecordProcessor<Handler>,
        recovery: SideEffectRecovery, configuration: WorkerConfiguration, metrics: WorkerMetrics,
        http: CurlHTTPClient, logger: Logger
    ) {
        self.recovery = recovery
        self.http = http
        self.consumer = consumer
        self.producer = producer
        self.processor = processor
        self.configuration = configuration
        self.logger = logger
        self.scheduler = KeyedScheduler(
            limit: configuration.effectiveMaxInflight,
            storeOffset: { partition, next in consumer.storeOffsets([partition: next]) },
            inflightChanged: { metrics.inflight($0) })
    }

    /// Whether the consumer has joined its group (received an assignment, possibly empty).
    var hasJoined: Bool { joined.load(ordering: .relaxed) }

    func run() async throws {
        await withTaskGroup(of: Void.self) { pool in
            for _ in 0..<configuration.concurrency {
                pool.addTask { await self.work() }
            }
            // Fetching runs in a task of its own so graceful shutdown can stop it without touching
            // the handler tasks, which must be allowed to finish.
            let fetch = Task { await self.fetch() }
            await withTaskCancellationHandler {
                await withGracefulShutdownHandler {
                    await fetch.value
                } onGracefulShutdown: {
                    fetch.cancel()
                }
            } onCancel: {
                fetch.cancel()
            }
            scheduler.close()
            if Task.isCancelled {
                logger.notice(
                    "worker cancelled: abandoning in-flight records", metadata: ["records": "\(scheduler.inflight)"])
                scheduler.abandon()
            } else if await !drain() {
                pool.cancelAll()
            }
            await pool.waitForAll()
        }
        await consumer.shutdown()
        await producer.shutdown(flushTimeout: .seconds(5))
        http.shutdown()
        logger.info("worker stopped: offsets committed, group left")
    }

    /// Waits for in-flight records up to the drain timeout; on timeout abandons the queued ones
    /// and returns false, so the caller cancels the running ones.
    private func drain() async -> Bool {
        let pending = scheduler.inflight
        logger.info("fetching stopped, draining", metadata: ["records": "\(pending)"])
        let scheduler = self.scheduler
        let drained = await withTaskGroup(of: Bool.self) { race in
            race.addTask {
                await scheduler.waitUntilIdle()
                return !Task.isCancelled
            }
            race.addTask { [timeout = configuration.drainTimeout] in
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await race.next() ?? false
            race.cancelAll()
            return first
        }
        if !drained {
            logger.warning(
                "drain timeout: abandoning in-flight records; they are not committed and will be redelivered",
                metadata: ["records": "\(scheduler.inflight)"])
            scheduler.abandon()
        }
        return drained
    }

    /// Pulls events while there is room, submitting records to the scheduler.
    private func fetch() async {
        var iterator = consumer.events.makeAsyncIterator()
        while !Task.isCancelled {
            await scheduler.waitForCapacity()
            guard !Task.isCancelled, let event = await iterator.next() else { break }
            switch event {
            case .records(let records):
                scheduler.submit(records)
            case .assigned(let partitions):
                scheduler.assigned(partitions)
                logger.info("partitions assigned", metadata: ["partitions": "\(partitions.map(\.description))"])
                // Their records wait behind this event until the read-ahead has found what was
                // already done for them (see SideEffectRecovery).
                await recovery.recover(partitions)
                joined.store(true, ordering: .relaxed)
            case .revoked(let partitions):
                scheduler.revoked(partitions)
                logger.info("partitions revoked", metadata: ["partitions": "\(partitions.map(\.description))"])
            }
        }
    }

    /// One pool task: handles jobs until the scheduler is drained, abandoned or this task cancelled.
    private func work() async {
        while let job = await scheduler.next() {
            let completed = await processor.process(job.record)
            scheduler.finish(job, completed: completed)
        }
    }
}
