import Foundation
import Kafka
import Logging

/// A plain group consumer on our Kafka layer reading `count` records from the beginning, as the
/// raw consumer rate: the clock starts at the first record (the group join is not measured).
enum ConsumerRun {
    /// How the consumer marks records done.
    enum OffsetStore: Sendable {
        /// `storeOffset(_:)` per record (the same work as the C baseline's `rd_kafka_offset_store`).
        case perRecord
        /// `storeOffsets(_:)` once per batch with each partition's next offset.
        case perBatch
    }

    struct Result: Sendable {
        var seconds: Double
        var received: Int
        /// CPU by thread while consuming.
        var cpu: [(group: String, seconds: Double)]
        /// The longest wait between two batches.
        var longestGap: Double
    }

    /// Reads `count` records of `topics` in a new group. The consumer's own threads are named
    /// `kafka-consumer` (see ``ThreadName``) so ``Result/cpu`` tells them apart.
    static func consume(
        brokers: String, topics: [String], count: Int, store: OffsetStore = .perRecord,
        properties: [String: String] = [:], logger: Logger
    ) async throws -> Result {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: brokers, groupID: "bench-consumer-\(UUID())", topics: topics, properties: properties)
        configuration.fetchWaitMax = .milliseconds(10)
        let consumer = try ThreadName.creating("kafka-consumer") {
            try KafkaConsumer(configuration: configuration, logger: logger)
        }
        var received = 0
        var start: ContinuousClock.Instant?
        var cpuStart = ThreadCPU.snapshot()
        // The events end when the consumer shuts down: the deadline holds even if records stop.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            await consumer.shutdown()
        }
        defer { watchdog.cancel() }
        var iterator = consumer.events.makeAsyncIterator()
        var last = ContinuousClock.now
        var longestGap = Duration.zero
        while received < count, let event = await iterator.next() {
            guard case .records(let batch) = event else { continue }
            let now = ContinuousClock.now
            if start != nil { longestGap = max(longestGap, now - last) }
            last = now
            if start == nil {
                start = .now
                cpuStart = ThreadCPU.snapshot()
            }
            switch store {
            case .perRecord:
                for record in batch { consumer.storeOffset(record) }
            case .perBatch:
                var next: [KafkaTopicPartition: Int64] = [:]
                for record in batch { next[record.topicPartition] = record.offset + 1 }
                consumer.storeOffsets(next)
            }
            received += batch.count
        }
        let elapsed = ContinuousClock.now - (start ?? .now)
        let cpu = ThreadCPU.snapshot().since(cpuStart)
        await consumer.shutdown()
        guard received >= count else { throw BenchError("consumer read \(received) of \(count) records") }
        return Result(seconds: elapsed.seconds, received: received, cpu: cpu, longestGap: longestGap.seconds)
    }
}
