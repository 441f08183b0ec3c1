import Foundation
import Kafka
import Logging
import Synchronization

/// A real Kafka-protocol broker for one test: a librdkafka ``MockCluster`` in this process,
/// listening on 127.0.0.1 (random port), with topics created up front and configurations tuned
/// for quick tests (`fetch.wait.max.ms` 10, short session timeout, statistics every 100 ms).
///
/// ```swift
/// let broker = try KafkaTestBroker(topics: ["t"], partitions: 4)
/// let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
/// try await producer.send([KafkaProducerRecord(topic: "t", key: "k", value: Array("v".utf8))])
/// let records = try await broker.readAll(topic: "t", count: 1)
/// ```
///
/// Give every test its own broker (or at least its own topics and group ids) so tests can run in
/// parallel. The cluster stops when the value is released, or at ``close()``.
public final class KafkaTestBroker: Sendable {
    /// The hosted cluster, for fault injection (`setBrokerDown`, `pushRequestErrors`…).
    public let cluster: MockCluster
    /// Logger for Kafka clients of the test; level from `KAFKA_TEST_LOG_LEVEL` (default `critical`,
    /// since fault-injection tests make librdkafka log connection errors on purpose).
    public let logger: Logger

    /// The bootstrap list of the cluster.
    public var bootstrapServers: String { cluster.bootstrapServers }

    /// Starts a cluster of `brokers` brokers and creates `topics` with `partitions` partitions each.
    public init(
        topics: [String] = [], partitions: Int32 = 4, brokers: Int = 1, clusterProperties: [String: String] = [:],
        clusterLogger: Logger? = nil
    ) throws {
        let logger = Self.makeLogger(label: "kafka.test")
        self.logger = logger
        cluster = try MockCluster(brokers: brokers, logger: clusterLogger ?? logger, properties: clusterProperties)
        try cluster.createTopics(topics, partitions: partitions)
    }

    /// Creates more topics.
    public func createTopics(_ topics: [String], partitions: Int32 = 4) throws {
        try cluster.createTopics(topics, partitions: partitions)
    }

    /// Stops the cluster now.
    public func close() {
        cluster.close()
    }

    /// A name nobody else uses, for topics and groups: `prefix-<uuid>`.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A logger at the level of `KAFKA_TEST_LOG_LEVEL` (default `critical`).
    public static func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label)
        let level = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .critical
        return logger
    }

    /// The cluster as a ``KafkaConfiguration`` with `properties`.
    public func kafkaConfiguration(properties: [String: String] = [:]) -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrapServers, properties: properties)
    }

    /// A producer configuration for this cluster (message timeout 3 s unless given).
    public func producerConfiguration(
        messageTimeout: Duration = .seconds(3), properties: [String: String] = [:]
    ) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(kafka: kafkaConfiguration(properties: properties), messageTimeout: messageTimeout)
    }

    /// A consumer configuration for this cluster, tuned for tests: `fetch.wait.max.ms` 10,
    /// statistics and auto-commit every 100 ms, session timeout 4 s with 500 ms heartbeats (the mock
    /// coordinator waits session timeout - 1 s for members at each rebalance).
    public func consumerConfiguration(
        groupID: String, topics: [String], maxBatchSize: Int = 500,
        assignmentStrategy: KafkaAssignmentStrategy = .range, properties: [String: String] = [:]
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            kafka: kafkaConfiguration(properties: properties), groupID: groupID, topics: topics,
            maxBatchSize: maxBatchSize, assignmentStrategy: assignmentStrategy,
            autoCommitInterval: .milliseconds(100), fetchWaitMax: .milliseconds(10),
            statisticsInterval: .milliseconds(100), sessionTimeout: .seconds(4), heartbeatInterval: .milliseconds(500))
    }

    /// Reads the records of `topics` from the beginning with a throwaway consumer (its own group)
    /// until `count` records arrived or `timeout` passed, and returns what it read (compare the
    /// count in the test). Joining a group on the mock cluster takes about 3 s.
    public func readAll(
        topics: [String], count: Int, timeout: Duration = .seconds(30)
    ) async throws -> [KafkaConsumerRecord] {
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(groupID: Self.uniqueName("read-all"), topics: topics),
            logger: logger)
        return await Self.collect(from: consumer, count: count, timeout: timeout)
    }

    /// ``readAll(topics:count:timeout:)`` for one topic.
    public func readAll(topic: String, count: Int, timeout: Duration = .seconds(30)) async throws
        -> [KafkaConsumerRecord]
    {
        try await readAll(topics: [topic], count: count, timeout: timeout)
    }

    /// Collects records from `consumer` until `count` arrived or `timeout` passed, storing each
    /// record's offset when `storeOffsets`; then shuts the consumer down (committing what was stored).
    public static func collect(
        from consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30), storeOffsets: Bool = false
    ) async -> [KafkaConsumerRecord] {
        let timer = Task {
            try? await Task.sleep(for: timeout)
            // Ends the event sequence, which ends the loop below.
            if !Task.isCancelled { await consumer.shutdown() }
        }
        var records: [KafkaConsumerRecord] = []
        loop: for await event in consumer.events {
            guard case .records(let batch) = event else { continue }
            for record in batch where records.count < count {
                records.append(record)
                if storeOffsets { consumer.storeOffset(record) }
            }
            if records.count >= count { break loop }
        }
        timer.cancel()
        await consumer.shutdown()
        return records
    }
}
