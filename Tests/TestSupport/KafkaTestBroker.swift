import Foundation
import Kafka
import KafkaMockCluster
import Launcher
import LocalStack
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real Kafka broker for one test, the one `TEST_KAFKA_BROKER` chooses (see ``TestBrokerChoice``):
/// librdkafka's ``MockCluster`` in this process (the default), a tansu process of its own, or a
/// cluster someone else runs, always over TCP, with topics created up front and configurations
/// tuned for quick tests (`fetch.wait.max.ms` 10, short session timeout, statistics every 100 ms).
///
/// ```swift
/// let broker = try await KafkaTestBroker(topics: ["t"], partitions: 4)
/// let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
/// try await producer.send([KafkaProducerRecord(topic: "t", key: "k", value: Array("v".utf8))])
/// let records = try await broker.readAll(topic: "t", count: 1)
/// ```
///
/// Give every test its own broker (or at least its own topics and group ids) so tests can run in
/// parallel. The broker stops when the value is released, or at ``close()``.
public final class KafkaTestBroker: Sendable {
    /// Which broker this is.
    public let choice: TestBrokerChoice
    /// The hosted mock cluster, for fault injection (`setBrokerDown`, `pushRequestErrors`…); nil on
    /// any other broker. Tests that use it carry ``Trait/needsMockFaultInjection``.
    public let cluster: MockCluster?
    /// Logger for Kafka clients of the test; level from `KAFKA_TEST_LOG_LEVEL` (default `critical`,
    /// since fault-injection tests make librdkafka log connection errors on purpose).
    public let logger: Logger
    /// The bootstrap list of the broker.
    public let bootstrapServers: String
    private let tansu: ChildProcess?

    /// Starts (or connects to) a broker and creates `topics` with `partitions` partitions each.
    /// - Parameters:
    ///   - brokers: brokers of the mock cluster (the other brokers have their own).
    ///   - clusterProperties: properties of the mock cluster.
    ///   - choice: the broker; the run's ``TestBrokerChoice/selected`` unless a test needs the mock.
    public init(
        topics: [String] = [], partitions: Int32 = 4, brokers: Int = 1, clusterProperties: [String: String] = [:],
        clusterLogger: Logger? = nil, choice: TestBrokerChoice = .selected
    ) async throws {
        let logger = Self.makeLogger(label: "kafka.test")
        self.logger = logger
        self.choice = choice
        switch choice {
        case .mock:
            let cluster = try MockCluster(
                brokers: brokers, logger: clusterLogger ?? logger, properties: clusterProperties)
            self.cluster = cluster
            tansu = nil
            bootstrapServers = cluster.bootstrapServers
        case .tansu:
            guard let executable = TansuBroker.locateExecutable(searching: [Self.repositoryDirectory]) else {
                throw TestBrokerError.tansuMissing
            }
            let log = FileManager.default.temporaryDirectory.appendingPathComponent(Self.uniqueName("tansu") + ".log")
            let (process, servers) = try await TansuBroker.start(executable: executable, logURL: log)
            cluster = nil
            tansu = process
            bootstrapServers = servers
        case .external(let servers):
            cluster = nil
            tansu = nil
            bootstrapServers = servers
        }
        try await createTopics(topics, partitions: partitions)
    }

    deinit {
        close()
    }

    /// Creates more topics: on the mock directly, elsewhere through the admin API (CreateTopics).
    public func createTopics(_ topics: [String], partitions: Int32 = 4) async throws {
        guard !topics.isEmpty else { return }
        if let cluster {
            try cluster.createTopics(topics, partitions: partitions)
        } else {
            try await KafkaAdmin.ensureTopics(
                topics, partitions: partitions, configuration: kafkaConfiguration(), timeout: .seconds(20),
                logger: logger)
        }
    }

    /// Stops the broker now (an external one is left running).
    public func close() {
        cluster?.close()
        tansu?.send(SIGKILL)
    }

    /// The repository's folder (where `.deps/bin/tansu` lives).
    static let repositoryDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

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
        KafkaConfiguration(
            bootstrapServers: bootstrapServers,
            properties: choice.clientProperties.merging(properties) { _, given in given })
    }

    /// A producer configuration for this broker. The message timeout is 3 s on the in-process mock
    /// unless given; on other brokers 30 s, since there every record is its own produce request
    /// (tansu) or travels a real network, and a test's burst of thousands takes longer.
    public func producerConfiguration(
        messageTimeout: Duration? = nil, properties: [String: String] = [:]
    ) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(
            kafka: kafkaConfiguration(properties: properties),
            messageTimeout: messageTimeout ?? (choice == .mock ? .seconds(3) : .seconds(30)))
    }

    /// A consumer configuration for this cluster, tuned for tests: `fetch.wait.max.ms` 10,
    /// statistics and auto-commit every 100 ms, session timeout 4 s with 500 ms heartbeats (the mock
    /// coordinator waits session timeout - 1 s for members at each rebalance).
    public func consumerConfiguration(
        groupID: String, topics: [String], maxBatchSize: Int = 500,
        assignmentStrategy: KafkaAssignmentStrategy = .range, properties: [String: String] = [:]
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrapServers, properties: properties),
            groupID: groupID, topics: topics,
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
