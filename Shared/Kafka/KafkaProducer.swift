import Logging
import Synchronization

/// An idempotent Kafka producer (`acks=all`) whose ``send(_:)`` returns once the broker has
/// acknowledged every record, or throws the first record's typed error.
///
/// Delivery reports are served by a dedicated thread blocked in `rd_kafka_poll` (it wakes on the
/// first report, so there is no sleep in the path), and reach the awaiting task through a
/// per-send ticket carried as each record's opaque. Call ``shutdown(flushTimeout:)`` before
/// dropping the last reference.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let pollThread: Mutex<RDKafkaPollThread?>
    private let gate = HandleGate()
    private let backlog = Mutex(ProducerBacklog())
    /// Sends with an answer deadline, checked by the poll thread (``send(_:answerWithin:)``).
    private let answerDeadlines = Mutex(AnswerDeadlines())
    private let shutdownLatch = ShutdownLatch()
    private let messageTimeout: Duration
    private let logger: Logger

    /// Creates the producer and starts its poll thread. Throws for an invalid configuration.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let properties = try configuration.librdkafkaProperties()
        self.logger = logger
        self.messageTimeout =
            properties["message.timeout.ms"].flatMap(Int.init).map { .milliseconds($0) }
            ?? configuration.messageTimeout
        self.client = try RDKafkaClient(
            kind: .producer, properties: properties, context: RDKafkaClientContext(logger: logger))
        self.pollThread = Mutex(nil)
        let thread = RDKafkaPollThread(name: "kafka.producer.poll", handle: client.handle) { [self] in
            retryBacklog()
            answerDeadlines.withLock { $0.expire(now: .now) }
        }
        pollThread.withLock { $0 = thread }
        logger.debug(
            "Kafka producer started",
            metadata: ["kafka.bootstrap.servers": "\(configuration.bootstrapServers)"])
    }

    /// Produces `records` and returns when the broker has acknowledged all of them.
    ///
    /// Records are enqueued in order; records with the same key go to the same partition and keep
    /// their order. If any record fails (timeout after `message.timeout.ms`, broker error, full
    /// queue for longer than `message.timeout.ms`), the send throws the first error after every
    /// record's outcome is known; other records may have been written (at-least-once: resend the
    /// whole batch when ``KafkaError/isRetriable``). Cancelling the task does not withdraw records.
    /// Throws ``KafkaError/shutDown(_:)`` after ``shutdown(flushTimeout:)``.
    public func send(_ records: [KafkaProducerRecord]) async throws(KafkaError) {
        try await send(records, answerDeadline: nil)
    }

    /// Like ``send(_:)``, but answers by `deadline` at the latest: when the broker has not
    /// acknowledged every record by then, it throws ``KafkaError/notAcknowledgedInTime(_:)`` at
    /// once (within the poll thread's 100 ms) while the records go on in the background, bounded
    /// by `message.timeout.ms`. For callers that must answer on time, like the ingress answering
    /// Meta; no timer or task is made per send.
    public func send(_ records: [KafkaProducerRecord], answerWithin deadline: Duration) async throws(KafkaError) {
        try await send(records, answerDeadline: deadline)
    }

    private func send(_ records: [KafkaProducerRecord], answerDeadline: Duration?) async throws(KafkaError) {
        guard !records.isEmpty else { return }
        guard gate.enter() else { throw .shutDown("the producer") }
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Void, KafkaError>, Never>) in
            let ticket = DeliveryTicket(count: records.count, continuation: continuation)
            if let answerDeadline {
                answerDeadlines.withLock {
                    $0.add(ticket, at: .now + answerDeadline, error: .notAcknowledgedInTime(answerDeadline))
                }
            }
            var encoder = RDKafkaRecordEncoder()
            // Keep arrival order: when earlier sends wait for queue space, wait behind them.
            let waitBehind = backlog.withLock { $0.isEmpty == false }
            let rest = waitBehind ? records[...] : enqueue(records[...], ticket: ticket, encoder: &encoder)
            if !rest.isEmpty {
                let entry = ProducerBacklog.Entry(
                    ticket: ticket, records: rest, deadline: .now + messageTimeout)
                backlog.withLock { $0.append(entry) }
            }
            gate.leave()
        }
        try result.get()
    }

    /// Produces one record; see ``send(_:)``.
    public func send(_ record: KafkaProducerRecord) async throws(KafkaError) {
        try await send([record])
    }

    /// Whether a broker answers a metadata request within `timeout` (a readiness check). Runs off
    /// the cooperative pool; `false` after shutdown.
    public func isBrokerReachable(timeout: Duration) async -> Bool {
        guard gate.enter() else { return false }
        let handle = client.handle
        let reachable = await BlockingCall.run { handle.hasReachableBroker(timeout: timeout) }
        gate.leave()
        return reachable
    }

    /// Stops accepting sends, waits up to `flushTimeout` for outstanding records to be
    /// acknowledged, fails whatever is left (sends waiting on them throw), stops the poll thread
    /// and destroys the handle. Safe to call more than once; later calls wait for the first.
    public func shutdown(flushTimeout: Duration = .seconds(5)) async {
        guard await shutdownLatch.begin() else { return }

        await gate.close()
        let client = self.client
        let thread = pollThread.withLock { $0 }
        let leftovers = await BlockingCall.run { [self] () -> Int in
            let flushed = client.handle.flush(timeout: flushTimeout)
            thread?.stopAndWait()
            // Nothing retries the backlog any more: its records were never enqueued.
            for entry in backlog.withLock({ $0.removeAll() }) {
                for _ in entry.records { entry.ticket.complete(.shutDown("the producer")) }
            }
            var leftovers = 0
            if !flushed {
                leftovers = client.handle.outQueueLength
                // Purged records get a delivery report with a purge error, which resumes their
                // senders; serve those reports here since the poll thread is gone.
                client.handle.purgeAndServeReports()
            }
            client.destroy()
            return leftovers
        }
        if leftovers > 0 {
            logger.warning(
                "Kafka producer shut down with unacknowledged records", metadata: ["kafka.records": "\(leftovers)"])
        } else {
            logger.debug("Kafka producer shut down")
        }
        shutdownLatch.finish()
    }

    /// Enqueues records until the first `_QUEUE_FULL`; returns the records not enqueued. Any other
    /// enqueue error completes that record with the error.
    private func enqueue(
        _ records: ArraySlice<KafkaProducerRecord>, ticket: DeliveryTicket, encoder: inout RDKafkaRecordEncoder
    ) -> ArraySlice<KafkaProducerRecord> {
        for index in records.indices {
            let opaque = Unmanaged.passRetained(ticket).toOpaque()
            guard let failure = encoder.produce(records[index], opaque: opaque, handle: client.handle) else { continue }
            // The record was not enqueued, so no delivery report will take the retain back.
            Unmanaged<DeliveryTicket>.fromOpaque(opaque).release()
            let error = KafkaError(consuming: failure)
            if error.code == KafkaError.queueFullCode { return records[index...] }
            ticket.complete(error)
        }
        return []
    }

    /// On the poll thread: gives waiting records another try now that delivery reports may have
    /// made room, and fails those that waited longer than `message.timeout.ms`.
    private func retryBacklog() {
        guard backlog.withLock({ !$0.isEmpty }) else { return }
        var encoder = RDKafkaRecordEncoder()
        while var entry = backlog.withLock({ $0.popFirst() }) {
            if entry.deadline < .now {
                let error = KafkaError(
                    code: KafkaError.queueFullCode, name: "_QUEUE_FULL",
                    message: "the producer queue stayed full for message.timeout.ms", isRetriable: true,
                    isFatal: false)
                for _ in entry.records { entry.ticket.complete(error) }
                continue
            }
            entry.records = enqueue(entry.records, ticket: entry.ticket, encoder: &encoder)
            if !entry.records.isEmpty {
                backlog.withLock { $0.pushFront(entry) }
                return
            }
        }
    }
}
