import Kafka
import Synchronization

/// Runs a consumer's event loop in the background for a test: keeps every record and event, and
/// stores each record's offset unless told which ones to store.
///
/// ```swift
/// let recorder = KafkaConsumerRecorder(consumer)
/// try await recorder.waitUntil { $0.records.count >= 10 }
/// await recorder.stop()   // shuts the consumer down
/// ```
public final class KafkaConsumerRecorder: Sendable {
    /// What was seen so far.
    public struct Snapshot: Sendable {
        /// Every record, in delivery order.
        public var records: [KafkaConsumerRecord] = []
        /// Every event, in delivery order.
        public var events: [KafkaConsumerEvent] = []
        /// Sizes of the record batches delivered.
        public var batchSizes: [Int] = []
    }

    /// Thrown by ``waitUntil(timeout:_:)`` when the condition did not hold in time.
    public struct TimedOut: Error, CustomStringConvertible {
        /// What was waited for.
        public let description: String
    }

    /// The consumer being recorded.
    public let consumer: KafkaConsumer
    private let state = Mutex(Snapshot())
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Starts recording. `store` decides per record whether its offset is stored (default: all).
    public init(_ consumer: KafkaConsumer, store: @escaping @Sendable (KafkaConsumerRecord) -> Bool = { _ in true }) {
        self.consumer = consumer
        let loop = Task { [self] in
            for await event in consumer.events {
                if case .records(let batch) = event {
                    for record in batch where store(record) { consumer.storeOffset(record) }
                }
                record(event)
            }
        }
        task.withLock { $0 = loop }
    }

    private func record(_ event: KafkaConsumerEvent) {
        state.withLock { snapshot in
            snapshot.events.append(event)
            if case .records(let batch) = event {
                snapshot.records.append(contentsOf: batch)
                snapshot.batchSizes.append(batch.count)
            }
        }
    }

    /// What was seen so far.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Waits until `condition` holds for the snapshot, checking every 20 ms, or throws ``TimedOut``.
    @discardableResult
    public func waitUntil(
        timeout: Duration = .seconds(30), _ what: String = "condition", _ condition: (Snapshot) -> Bool
    ) async throws -> Snapshot {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = snapshot
            if condition(current) { return current }
            guard ContinuousClock.now < deadline else { throw TimedOut(description: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Shuts the consumer down (committing stored offsets, leaving the group) and waits for the
    /// event loop to end.
    public func stop() async {
        await consumer.shutdown()
        await task.withLock { $0 }?.value
    }
}

/// Waits until `condition` is true, checking every 20 ms, or throws after `timeout`.
public func kafkaWaitUntil(
    timeout: Duration = .seconds(30), _ what: String, _ condition: () -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else {
            throw KafkaConsumerRecorder.TimedOut(description: "timed out waiting for \(what)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
