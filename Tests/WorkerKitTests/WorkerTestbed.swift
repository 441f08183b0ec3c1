import CurlHTTP
import Foundation
import GraphAPI
import Hummingbird
import Kafka
import Logging
import MessengerPlatform
import ServiceKit
import ServiceLifecycle
import Simulator
import SimulatorClient
import TestSupport
import WorkerKit

/// One test's world: a mock-cluster broker with the contract topics under a unique prefix, the
/// real simulator on a free port (the bot app primary, an agent app secondary, the Page Inbox),
/// a producer for the test's records and an HTTP client for `/_sim/…` and the worker's port.
final class WorkerTestbed: Sendable {
    static let pageID = "900000000000001"
    static let botApp = "100000000000001"
    static let agentApp = "200000000000002"
    static let botSecret = "bot-app-secret"
    static let botToken = "bot-page-token"

    let broker: KafkaTestBroker
    let topics: MessengerTopics
    let simulator: Simulator
    let http: CurlHTTPClient
    let producer: KafkaProducer
    let logger: Logger
    private let simulatorGroup: ServiceGroup
    private let simulatorTask: Task<Void, any Error>

    private init(
        broker: KafkaTestBroker, topics: MessengerTopics, simulator: Simulator, simulatorGroup: ServiceGroup,
        simulatorTask: Task<Void, any Error>,
        producer: KafkaProducer, logger: Logger
    ) {
        self.broker = broker
        self.topics = topics
        self.simulator = simulator
        self.simulatorGroup = simulatorGroup
        self.simulatorTask = simulatorTask
        self.producer = producer
        self.logger = logger
        self.http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 4))
    }

    /// Runs `body` with a fresh testbed and tears it down afterwards, also when `body` throws.
    static func with<Result: Sendable>(
        partitions: Int32 = 4, broker choice: TestBrokerChoice = .selected,
        _ body: (WorkerTestbed) async throws -> Result
    ) async throws -> Result {
        let logger = KafkaTestBroker.makeLogger(label: "worker.test")
        let topics = MessengerTopics(prefix: KafkaTestBroker.uniqueName("wk") + ".")
        let broker = try await KafkaTestBroker(topics: topics.allTopics, partitions: partitions, choice: choice)
        let simulator = try Simulator(
            configuration: SimulatorConfiguration(
                port: 0, pageID: pageID, mode: .handover,
                apps: [
                    .init(id: botApp, secret: botSecret, pageAccessToken: botToken, role: .primary),
                    .init(
                        id: agentApp, secret: "agent-app-secret", pageAccessToken: "agent-page-token", role: .secondary),
                ]),
            logger: logger)
        // Stopped by a graceful shutdown, never by cancelling: cancelling a Hummingbird server while a
        // connection is being accepted traps in NIO ("Deinited NIOAsyncWriter without calling finish()").
        let simulatorGroup = ServiceGroup(
            configuration: .init(services: [simulator.makeApplication()], gracefulShutdownSignals: [], logger: logger))
        let simulatorTask = Task { try await simulatorGroup.run() }
        _ = try await simulator.runningPort()
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: logger)
        let testbed = WorkerTestbed(
            broker: broker, topics: topics, simulator: simulator, simulatorGroup: simulatorGroup,
            simulatorTask: simulatorTask, producer: producer,
            logger: logger)
        do {
            let result = try await body(testbed)
            await testbed.tearDown()
            return result
        } catch {
            await testbed.tearDown()
            throw error
        }
    }

    private func tearDown() async {
        await producer.shutdown(flushTimeout: .seconds(1))
        await simulatorGroup.triggerGracefulShutdown()
        _ = try? await simulatorTask.value
        http.shutdown()
        broker.close()
    }

    /// Polls `condition` every 100 ms for at most 30 s (statistics, caches and readiness refresh on
    /// their own schedule; the bound only keeps a broken feature from hanging the test).
    static func poll(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// A worker configuration for this testbed: our bot app, the simulator as Graph API, a unique
    /// group, quick group membership, statistics every 100 ms and short retry delays.
    func configuration(groupID: String? = nil, concurrency: Int = 8) -> WorkerConfiguration {
        var configuration = WorkerConfiguration(
            serviceName: "worker-under-test", port: 0, appID: AppID(Self.botApp), appSecret: Secret(Self.botSecret),
            pages: [PageAccess(pageID: Self.pageID, accessToken: Self.botToken)],
            kafka: broker.kafkaConfiguration(properties: [
                "session.timeout.ms": "4000", "heartbeat.interval.ms": "500", "auto.commit.interval.ms": "100",
            ]),
            graph: GraphAPIConfiguration(
                baseURL: simulator.baseURL!, appID: AppID(Self.botApp), appSecret: Self.botSecret, retry: .none,
                plainHTTP: .loopback),
            groupID: groupID ?? KafkaTestBroker.uniqueName("group"))
        configuration.host = "127.0.0.1"
        configuration.topics = topics
        configuration.concurrency = concurrency
        configuration.statisticsInterval = .milliseconds(100)
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))
        configuration.drainTimeout = .seconds(15)
        return configuration
    }

    /// Starts a worker for `handler` (on a runtime built from `configuration`).
    func startWorker(_ handler: some EventHandler, configuration: WorkerConfiguration) async throws -> RunningWorker {
        try await RunningWorker.start(
            runtime: WorkerRuntime(configuration: configuration, logger: logger), handler: handler, logger: logger)
    }

    /// Produces records and waits until the broker has them all.
    func produce(_ records: [KafkaProducerRecord]) async throws {
        try await producer.send(records)
    }

    /// The record of `item` as received by `appID`'s webhook (default: our bot app).
    func record(
        _ item: String, appID: String = WorkerTestbed.botApp, placement: WorkerTestRecords.Placement = .messaging
    ) throws -> KafkaProducerRecord {
        try WorkerTestRecords.record(
            item: item, pageID: Self.pageID, appID: appID, topicPrefix: topics.prefix, placement: placement)
    }

    /// `perThread` messages from each of `users`, interleaved: every user's first, then every
    /// user's second, and so on. Each message's text is its sequence number, its mid
    /// `m-<user>-<sequence>`.
    func interleavedMessages(_ users: [String], perThread: Int) throws -> [KafkaProducerRecord] {
        try (0..<perThread).flatMap { sequence in
            try users.map { user in
                try record(
                    WorkerTestRecords.message(
                        pageID: Self.pageID, userID: user, mid: "m-\(user)-\(sequence)", text: "\(sequence)",
                        timestamp: 1_700_000_000_000 + Int64(sequence)))
            }
        }
    }

    // MARK: The simulator's control API

    /// The simulator's control API.
    var control: SimulatorClient { SimulatorClient(baseURL: simulator.baseURL!, http: http) }

    /// GETs `url` and returns the status and body text.
    func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await http.execute(CurlRequest(url: url, timeout: .seconds(10)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    /// Lets each user write once, so the simulator knows the threads (held by the primary, our bot).
    func createUsers(_ users: [String]) async throws {
        for user in users { try await control.userSays(user, "hello") }
    }

    /// The messages our app sent into `user`'s thread, in order.
    func sends(to user: String) async throws -> [TranscriptLine] {
        try await control.thread(user).sends()
    }

    /// Graph calls the simulator answered for `endpoint` (e.g. `thread_owner`, `messages`).
    func graphCalls(_ endpoint: String) async throws -> Int {
        try await control.graphCalls(endpoint)
    }

    /// Adds Graph latency or errors (`/_sim/faults`) to the Send API.
    func faultSends(_ rule: FaultSetting) async throws {
        var rule = rule
        rule.endpoints = ["messages"]
        try await control.setFaults(rule)
    }
}

/// A testbed call that did not answer as expected.
struct TestbedError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
