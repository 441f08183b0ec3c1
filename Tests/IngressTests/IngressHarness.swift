import CurlHTTP
import Foundation
import Hummingbird
import Ingress
import Kafka
import KafkaMockCluster
import Logging
import MessengerPlatform
import ServiceKit
import ServiceLifecycle
import TestSupport

/// A real ingress (the same `buildApplication` `main.swift` runs) on a free port, publishing to a
/// librdkafka mock cluster over TCP, with an HTTP client to talk to it.
final class IngressHarness: Sendable {
    static let pageID = "1000000000000001"
    static let botApp = MessengerApp(
        id: "2000000000000001", secret: Secret("bot-secret"), verifyToken: Secret("bot-token"))
    static let agentApp = MessengerApp(
        id: "2000000000000002", secret: Secret("agent-secret"), verifyToken: Secret("agent-token"), allowSHA1: true)

    let kafka: KafkaTestBroker
    /// The mock cluster, for fault injection; nil on any other broker.
    var broker: MockCluster? { kafka.cluster }
    let topics: MessengerTopics
    let port: Int
    let http = CurlHTTPClient()
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts a broker with the topic set and an ingress for `apps`.
    static func start(
        apps: [MessengerApp] = [botApp, agentApp],
        choice: TestBrokerChoice = .selected, configure: (inout IngressConfiguration) -> Void = { _ in }
    ) async throws -> IngressHarness {
        let kafka = try await KafkaTestBroker(choice: choice)
        let topics = MessengerTopics(prefix: KafkaTestBroker.uniqueName("ingress") + ".")
        try await kafka.createTopics(topics.allTopics, partitions: 4)
        var configuration = IngressConfiguration(apps: apps, kafka: kafka.kafkaConfiguration())
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.topics = topics
        configuration.ackTimeout = .seconds(2)
        configure(&configuration)
        var logger = Logger(label: "ingress-test")
        logger.logLevel = .warning
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(configuration: configuration, logger: logger) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HarnessError.serverDidNotStart }
        return IngressHarness(kafka: kafka, topics: topics, port: port, group: group, task: task)
    }

    private init(
        kafka: KafkaTestBroker, topics: MessengerTopics, port: Int, group: ServiceGroup, task: Task<Void, any Error>
    ) {
        self.kafka = kafka
        self.topics = topics
        self.port = port
        self.group = group
        self.task = task
    }

    /// Stops the ingress gracefully and waits for it.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        http.shutdown()
        kafka.close()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// POSTs `body` to `path`, signed with `secret` unless `signature` overrides the header.
    func post(
        _ body: String, path: String = "/webhook/\(botApp.id)", secret: String = "bot-secret",
        headers extra: [CurlHeader] = [], signed: Bool = true
    ) async throws -> CurlResponse {
        let bytes = Array(body.utf8)
        var headers = [CurlHeader(name: "Content-Type", value: "application/json")] + extra
        if signed {
            headers.append(
                CurlHeader(name: "X-Hub-Signature-256", value: WebhookSignature.sign256(body: bytes, secret: secret)))
        }
        return try await http.execute(CurlRequest(method: "POST", url: baseURL + path, headers: headers, body: bytes))
    }

    func get(_ path: String) async throws -> CurlResponse {
        try await http.execute(CurlRequest(method: "GET", url: baseURL + path))
    }

    /// Reads up to `count` records of `topic` from the beginning, waiting at most `timeout`;
    /// throws when fewer arrived.
    func records(_ topic: String, count: Int, timeout: Duration = .seconds(30)) async throws -> [KafkaConsumerRecord] {
        let records = try await kafka.readAll(topic: topic, count: count, timeout: timeout)
        guard records.count == count else { throw HarnessError.tooFewRecords(topic: topic, got: records.count) }
        return records
    }

    /// Everything on `topic` that arrives within `timeout` (at most `limit` records).
    func allRecords(_ topic: String, limit: Int = 100, timeout: Duration) async throws -> [KafkaConsumerRecord] {
        try await kafka.readAll(topic: topic, count: limit, timeout: timeout)
    }

    enum HarnessError: Error { case serverDidNotStart, tooFewRecords(topic: String, got: Int) }
}

extension CurlResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
