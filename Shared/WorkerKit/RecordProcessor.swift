import CurlHTTP
import GraphAPI
import Kafka
import Logging
import MessengerPlatform
import ServiceKit

/// One record's turn: decode, learn ownership, filter (other app, passive, duplicate), handle with
/// retries, or dead-letter. Returns whether the record is finished (its offset may be stored);
/// false means it was abandoned by cancellation and must be read again.
struct RecordProcessor<Handler: EventHandler>: Sendable {
    let handler: Handler
    let runtime: WorkerRuntime
    let producer: KafkaProducer
    let dedupe: DedupeWindow
    let deadLetterHealth: DeadLetterHealth
    let logger: Logger

    private var configuration: WorkerConfiguration { runtime.configuration }
    private var metrics: WorkerMetrics { runtime.workerMetrics }

    func process(_ record: KafkaConsumerRecord) async -> Bool {
        let event: WorkerEvent
        do {
            event = WorkerEvent(
                record: try EventRecord.decode(record.value), topic: record.topic, partition: record.partition,
                offset: record.offset,
                parent: record.header(RecordHeaders.Name.traceparent).flatMap {
                    TraceParent(String(decoding: $0, as: UTF8.self))
                })
        } catch {
            return await deadLetter(record, type: "undecodable", reason: "undecodable: \(error)", attempts: 0)
        }
        let type = event.type.rawValue
        if event.kind == .handovers || event.kind == .appRole {
            runtime.ownership.observe(event)
        } else {
            runtime.ownership.observeActivity(event)
            runtime.userActivity.observe(event)
        }
        // An echo read in the normal flow also counts: the event it answers may sit on another
        // topic (a standby copy), read after it.
        if let tag = SideEffectRecovery.tag(of: event, appID: configuration.appID) { runtime.sideEffects.record(tag) }

        if !handler.acceptsAllApps && event.record.appID != configuration.appID {
            metrics.event(type: type, outcome: .skippedOtherApp)
            return true
        }
        if event.isPassive && !handler.receivesPassiveEvents {
            metrics.event(type: type, outcome: .skippedPassive)
            return true
        }
        let key = handler.deduplicationKey(for: event)
        if dedupe.contains(key) {
            metrics.event(type: type, outcome: .duplicate)
            logger.debug("duplicate event skipped", metadata: ["event.id": "\(event.id)"])
            return true
        }

        var logger = logger
        logger[metadataKey: "event.id"] = .string(event.id)
        logger[metadataKey: "trace.id"] = .string(event.trace.traceID)
        logger[metadataKey: "span.id"] = .string(event.trace.spanID)
        if let thread = event.thread { logger[metadataKey: "thread.key"] = .string(thread.description) }
        let context = WorkerContext(runtime: runtime, pageID: event.record.pageID, eventID: event.id, logger: logger)
        let start = ContinuousClock.now
        var attempt = 1
        while true {
            do {
                // Graph and desk calls made while handling carry the event's trace, and make one
                // attempt each: the record's retries below are its whole budget.
                try await TraceParent.$current.withValue(event.trace) {
                    try await RetryPolicy.$retriedByCaller.withValue(true) {
                        try await handler.handle(event, context: context)
                    }
                }
                metrics.handled(duration: ContinuousClock.now - start)
                metrics.event(type: type, outcome: .handled)
                dedupe.insert(key)
                return true
            } catch {
                if Task.isCancelled { return false }
                let (retriable, retryAfter) = Self.classify(error)
                let reason = Self.reason(error)
                guard retriable && attempt < configuration.retry.maxAttempts else {
                    metrics.handled(duration: ContinuousClock.now - start)
                    guard await deadLetter(record, type: type, reason: reason, attempts: attempt) else { return false }
                    dedupe.insert(key)
                    return true
                }
                var generator = SystemRandomNumberGenerator()
                let delay = configuration.retry.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &generator)
                metrics.event(type: type, outcome: .retried)
                logger.notice(
                    "handler failed, retrying",
                    metadata: [
                        "attempt": "\(attempt)", "retry.in.ms": "\(delay.wholeMilliseconds)", "error": "\(reason)",
                    ])
                do { try await Task.sleep(for: delay) } catch { return false }
                attempt += 1
            }
        }
    }

    /// Produces `record` (same key, value and headers) to `<topic>.dlq` with the reason, attempts,
    /// worker and source in headers, and waits for the broker's acknowledgement.
    ///
    /// A record too large for the dead-letter topic goes there without its value (a `dlq-value-omitted`
    /// header gives its size; `dlq-source` says where it still is). Any other failure is retried
    /// with capped backoff until it succeeds or the task is cancelled (then false: the record stays
    /// unfinished and is read again): never dropped. ``DeadLetterHealth`` turns the worker unready
    /// while a partition waits behind such a record.
    private func deadLetter(_ record: KafkaConsumerRecord, type: String, reason: String, attempts: Int) async -> Bool {
        let topic = configuration.topics.deadLetter(for: record.topic)
        let headers = [
            KafkaHeader(key: "dlq-reason", value: reason),
            KafkaHeader(key: "dlq-attempts", value: String(attempts)),
            KafkaHeader(key: "dlq-worker", value: configuration.serviceName),
            KafkaHeader(key: "dlq-source", value: "\(record.topic)/\(record.partition)/\(record.offset)"),
        ]
        var dead = KafkaProducerRecord(
            topic: topic, key: record.key, value: record.value, headers: record.headers + headers)
        let partition = record.topicPartition
        var failures = 0
        while true {
            do {
                try await producer.send([dead])
                deadLetterHealth.succeeded(partition)
                metrics.deadLettered(topic: topic)
                metrics.event(type: type, outcome: .deadLettered)
                logger.error(
                    "record dead-lettered",
                    metadata: [
                        "kafka.topic": "\(record.topic)", "kafka.partition": "\(record.partition)",
                        "kafka.offset": "\(record.offset)", "reason": "\(reason)", "attempts": "\(attempts)",
                    ])
                return true
            } catch {
                if Task.isCancelled || error.isShutdown { return false }
                metrics.deadLetterFailed(topic: topic)
                if error.isRecordTooLarge, !dead.value.isEmpty {
                    // Permanent for this record: keep its place and reason, not its bytes.
                    logger.warning(
                        "record too large for its dead-letter topic: dead-lettering it without its value",
                        metadata: ["kafka.topic": "\(topic)", "bytes": "\(record.value.count)"])
                    dead = KafkaProducerRecord(
                        topic: topic, key: record.key, value: [],
                        headers: headers + [
                            KafkaHeader(
                                key: "dlq-value-omitted",
                                value: "\(record.value.count) bytes, too large for the dead-letter topic")
                        ])
                    continue
                }
                failures = deadLetterHealth.failed(partition)
                // One line at the first failure and when the partition turns stuck; the metric counts all.
                if failures == 1 || failures == deadLetterHealth.threshold {
                    logger.error(
                        failures == 1
                            ? "dead-letter produce failed, retrying"
                            : "dead-letter produce keeps failing: the partition is stuck and the worker unready",
                        metadata: [
                            "kafka.topic": "\(topic)", "kafka.partition": "\(record.partition)",
                            "kafka.offset": "\(record.offset)", "error": "\(error)", "failures": "\(failures)",
                        ])
                }
                var generator = SystemRandomNumberGenerator()
                let delay = configuration.retry.delay(beforeRetry: failures, retryAfter: nil, using: &generator)
                do { try await Task.sleep(for: delay) } catch { return false }
            }
        }
    }

    /// Whether an error is worth another attempt, and how long the server asked us to wait.
    static func classify(_ error: any Error) -> (retriable: Bool, retryAfter: Duration?) {
        switch error {
        case let error as GraphAPIError: (error.isRetriable, error.retryAfter)
        case let error as any RetryAdvice: (error.isRetriable, error.retryAfter)
        case let error as WorkerError: (error.isRetriable, nil)
        case let error as KafkaError: (error.isRetriable, nil)
        case is CurlError: (true, nil)
        default: (false, nil)
        }
    }

    /// A short reason for logs and the `dlq-reason` header.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
