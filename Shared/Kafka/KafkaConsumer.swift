import Logging
import Synchronization

/// A Kafka consumer group member subscribed to one or more topics.
///
/// Records arrive through ``events`` in batches, together with assignment changes. A record counts
/// as consumed only after ``storeOffset(_:)``: stored offsets are committed in the background
/// (`auto.commit.interval.ms`), before partitions are revoked and at ``shutdown()`` (at-least-once).
/// Two dedicated threads do the blocking work: one polls the consumer queue (records, rebalances),
/// one the main queue (statistics for ``lag()``, errors). Call ``shutdown()`` before dropping the
/// last reference.
public final class KafkaConsumer: Sendable {
    /// Record batches and assignment changes, back-pressured. Iterate from one task.
    public let events: KafkaConsumerEvents

    private let client: RDKafkaClient
    private let loop: RDKafkaConsumerLoop
    private let eventsThread: RDKafkaPollThread
    private let buffer: ConsumerEventBuffer
    private let partitions: ConsumerPartitionState
    private let gate = HandleGate()
    private let shutdownLatch = ShutdownLatch()
    /// `rd_kafka_topic_t` handles by name, for the per-record ``storeOffset(_:)``; released at
    /// shutdown.
    private let topicHandles = Mutex<[String: OpaquePointer]>([:])
    private let logger: Logger

    /// Joins `configuration.groupID` and subscribes to `configuration.topics`; fetching starts at
    /// once. Throws for an invalid configuration.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        let properties = try configuration.librdkafkaProperties()
        var logger = logger
        logger[metadataKey: KafkaLogKey.groupID] = "\(configuration.groupID)"
        self.logger = logger
        let buffer = ConsumerEventBuffer(capacity: configuration.bufferedBatches)
        let partitions = ConsumerPartitionState()
        let loop = RDKafkaConsumerLoop(
            buffer: buffer, partitions: partitions, maxBatchSize: configuration.maxBatchSize, logger: logger)
        let context = RDKafkaClientContext(
            logger: logger,
            onStatistics: { [logger] json in
                do {
                    partitions.update(lag: try KafkaStatistics(json: json).consumerLag)
                } catch {
                    logger.debug("Unreadable librdkafka statistics", metadata: [KafkaLogKey.error: "\(error)"])
                }
            },
            onRebalance: { handle, code, list in loop.rebalance(handle: handle, code: code, list: list) })
        let client = try RDKafkaClient(kind: .consumer, properties: properties, context: context)

        if let refused = client.handle.subscribe(configuration.topics) {
            client.destroy()
            throw refused
        }
        self.client = client
        self.buffer = buffer
        self.partitions = partitions
        self.loop = loop
        self.events = KafkaConsumerEvents(buffer: buffer)
        // Statistics and errors go to the main queue, served apart from the consumer queue so that
        // lag stays fresh while back-pressure holds the poll thread.
        self.eventsThread = RDKafkaPollThread(name: "kafka.consumer.events", handle: client.handle)
        loop.start(handle: client.handle)
        logger.debug(
            "Kafka consumer subscribed", metadata: ["kafka.topics": "\(configuration.topics.joined(separator: ","))"])
    }

    /// Marks `record` as handled: its offset + 1 is stored and committed with the next commit.
    ///
    /// Safe from any thread or task. Ignored (logged at debug) for a partition no longer assigned
    /// to this member, or after shutdown began.
    public func storeOffset(_ record: KafkaConsumerRecord) {
        guard gate.enter() else {
            logger.debug("Offset not stored: the consumer is shutting down")
            return
        }
        defer { gate.leave() }
        // The per-topic call: no partition list to build for one offset (it stores offset + 1).
        guard
            let refused = RDKafkaHandle.storeOffset(
                topic: topicHandle(record.topic), partition: record.partition, offset: record.offset)
        else { return }
        logger.debug(
            "Offset not stored",
            metadata: [
                KafkaLogKey.topic: "\(record.topic)", KafkaLogKey.partition: "\(record.partition)",
                KafkaLogKey.error: "\(refused)",
            ])
    }

    /// The topic handle of `name`, made on first use (call inside the gate).
    private func topicHandle(_ name: String) -> OpaquePointer {
        topicHandles.withLock { handles in
            if let handle = handles[name] { return handle }
            let handle = client.handle.makeTopicHandle(name)
            handles[name] = handle
            return handle
        }
    }

    /// Stores, per partition, the offset of the next record to read (last handled offset + 1),
    /// for callers that track progress per partition.
    public func storeOffsets(_ nextOffsets: [KafkaTopicPartition: Int64]) {
        guard !nextOffsets.isEmpty else { return }
        guard gate.enter() else {
            logger.debug("Offsets not stored: the consumer is shutting down")
            return
        }
        defer { gate.leave() }
        // Per-partition outcomes: a revoked partition refuses with _STATE.
        for (partition, error) in client.handle.storeOffsets(nextOffsets) {
            logger.debug(
                "Offset not stored",
                metadata: [
                    KafkaLogKey.topic: "\(partition.topic)", KafkaLogKey.partition: "\(partition.partition)",
                    KafkaLogKey.error: "\(error)",
                ])
        }
    }

    /// Commits the stored offsets now and waits for the broker's answer. Having nothing new to
    /// commit is not an error.
    public func commit() async throws(KafkaError) {
        try await withHandle { handle in
            RDKafkaConsumerLoop.commitStoredOffsets(handle: handle).map { .failure($0) } ?? .success(())
        }.get()
    }

    /// Runs a blocking librdkafka call on the handle off the cooperative pool; fails with
    /// `shutDown` once shutdown began.
    func withHandle<T: Sendable>(
        _ body: @escaping @Sendable (OpaquePointer) -> Result<T, KafkaError>
    ) async -> Result<T, KafkaError> {
        guard gate.enter() else { return .failure(.shutDown("the consumer")) }
        let handle = client.handle
        let result = await BlockingCall.run { body(handle.pointer) }
        gate.leave()
        return result
    }

    /// Lag per assigned partition from the latest statistics (every `statisticsInterval`): records
    /// between the committed offset and the end of the partition. Partitions with no committed
    /// offset yet are left out.
    public func lag() -> [KafkaPartitionLag] {
        partitions.lag
    }

    /// The partitions currently assigned to this member, sorted.
    public func assignment() -> [KafkaTopicPartition] {
        partitions.assignment
    }

    /// Stops fetching, commits the stored offsets, leaves the group (its partitions move to the
    /// other members at once) and releases everything; ``events`` then ends. Safe to call more
    /// than once; later calls wait for the first.
    public func shutdown() async {
        guard await shutdownLatch.begin() else { return }

        await gate.close()
        let client = self.client
        let loop = self.loop
        let eventsThread = self.eventsThread
        let logger = self.logger
        await BlockingCall.run {
            loop.stopAndWait()
            if let failure = RDKafkaConsumerLoop.commitStoredOffsets(handle: client.handle.pointer) {
                logger.warning("Kafka consumer commit at shutdown failed", metadata: [KafkaLogKey.error: "\(failure)"])
            }
            // Leaves the group; the revocation it triggers runs our rebalance callback here.
            if let failure = client.handle.closeConsumer() {
                logger.warning("Kafka consumer close failed", metadata: [KafkaLogKey.error: "\(failure)"])
            }
            var nothing: [KafkaConsumerRecord] = []
            loop.deliverPendingControl(flushing: &nothing)
            eventsThread.stopAndWait()
            self.topicHandles.withLock { handles in
                for handle in handles.values { RDKafkaHandle.destroyTopicHandle(handle) }
                handles = [:]
            }
            client.destroy()
        }
        buffer.finish()
        logger.debug("Kafka consumer shut down")
        shutdownLatch.finish()
    }
}
