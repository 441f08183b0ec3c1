import Foundation
import GraphAPI
import Kafka
import MessengerPlatform
import ServiceKit
import Testing
import WorkerKit

@Suite("Worker configuration from the environment")
struct WorkerConfigurationTests {
    private let minimal = [
        "MESSENGER_APP_ID": "100000000000001", "MESSENGER_APP_SECRET": "s3cret-value",
        "MESSENGER_PAGE_ID": "900000000000001", "MESSENGER_PAGE_ACCESS_TOKEN": "page-token-value",
    ]

    @Test func defaultsFollowTheDocumentedTable() throws {
        let configuration = try WorkerConfiguration(
            serviceName: "handover-bot-worker", defaultPort: 8081, environment: ServiceEnvironment(minimal))
        #expect(configuration.port == 8081)
        #expect(configuration.groupID == "handover-bot-worker")
        #expect(configuration.concurrency == 64)
        #expect(configuration.maxAttempts == 5)
        #expect(configuration.drainTimeout == .seconds(20))
        #expect(configuration.dedupeWindow == 100_000)
        #expect(configuration.fetchWaitMax == .milliseconds(10))
        #expect(configuration.topics.messages == "messenger.messages")
        #expect(configuration.graph.baseURL == "https://graph.facebook.com")
        #expect(configuration.pages.map(\.pageID) == ["900000000000001"])
        #expect(configuration.kafka.bootstrapServers == "localhost:9092")
    }

    @Test func everyVariableIsRead() throws {
        let environment = minimal.merging([
            "PORT": "9000", "KAFKA_BROKERS": "k1:9092,k2:9092", "KAFKA_TOPIC_PREFIX": "prod.", "KAFKA_GROUP_ID": "g",
            "GRAPH_API_URL": "http://127.0.0.1:8070", "GRAPH_API_ALLOW_PLAIN_HTTP": "loopback",
            "GRAPH_API_VERSION": "v22.0", "WORKER_CONCURRENCY": "16",
            "WORKER_DRAIN_TIMEOUT_SECONDS": "7", "WORKER_MAX_ATTEMPTS": "3", "WORKER_DEDUPE_WINDOW": "10",
            "WORKER_MAX_INFLIGHT": "100", "KAFKA_PROPERTY_FETCH_WAIT_MAX_MS": "250",
        ]) { _, new in new }
        let configuration = try WorkerConfiguration(
            serviceName: "w", defaultPort: 8081, environment: ServiceEnvironment(environment))
        #expect(configuration.port == 9000)
        #expect(configuration.kafka.bootstrapServers == "k1:9092,k2:9092")
        #expect(configuration.kafka.properties["fetch.wait.max.ms"] == "250")
        #expect(configuration.topics.handovers == "prod.handovers")
        #expect(configuration.groupID == "g")
        #expect(configuration.graph.baseURL == "http://127.0.0.1:8070")
        #expect(configuration.graph.version == "v22.0")
        #expect(configuration.concurrency == 16)
        #expect(configuration.effectiveMaxInflight == 100)
        #expect(configuration.drainTimeout == .seconds(7))
        #expect(configuration.maxAttempts == 3)
        #expect(configuration.dedupeWindow == 10)
    }

    /// `https://` only, unless the local-development switch allows plain HTTP to this machine or to any host.
    @Test(
        arguments: [
            ("http://127.0.0.1:8070", nil, false), ("http://127.0.0.1:8070", "loopback", true),
            ("http://[::1]:8070", "loopback", true), ("http://localhost:8070", "LOOPBACK", true),
            ("http://simulator:8070", "loopback", false), ("http://127.0.0.1.example.com", "loopback", false),
            ("http://simulator:8070", "any-host", true), ("https://graph.example.com", nil, true),
            ("ftp://graph.facebook.com", "any-host", false), ("file:///etc/passwd", "any-host", false),
            ("https://token@graph.facebook.com", nil, false), ("graph.facebook.com", nil, false),
            ("http://127.0.0.1:8070", "yes", false),
        ] as [(String, String?, Bool)])
    func graphURLMustBeHTTPSUnlessPlainHTTPIsAllowed(url: String, plainHTTP: String?, accepted: Bool) {
        var environment = minimal
        environment["GRAPH_API_URL"] = url
        environment["GRAPH_API_ALLOW_PLAIN_HTTP"] = plainHTTP
        let result = Result {
            try WorkerConfiguration(serviceName: "w", defaultPort: 1, environment: ServiceEnvironment(environment))
        }
        switch result {
        case .success(let configuration):
            #expect(accepted, "\(url) with \(plainHTTP ?? "no switch") was accepted")
            #expect(configuration.graph.baseURL == url)
        case .failure(let error):
            #expect(!accepted, "\(url) with \(plainHTTP ?? "no switch"): \(error)")
            let variable = (error as? ConfigurationError)?.variable
            #expect(variable == (plainHTTP == "yes" ? "GRAPH_API_ALLOW_PLAIN_HTTP" : "GRAPH_API_URL"))
        }
    }

    /// Kafka credentials come from mounted secret files like every other secret.
    @Test func kafkaPropertiesCanBeReadFromFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-secret-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let password = folder.appendingPathComponent("password")
        try "s3cret\n".write(to: password, atomically: true, encoding: .utf8)
        let empty = folder.appendingPathComponent("empty")
        try "".write(to: empty, atomically: true, encoding: .utf8)

        var environment = minimal
        environment["KAFKA_PROPERTY_SASL_PASSWORD_FILE"] = password.path
        environment["KAFKA_PROPERTY_SASL_USERNAME"] = "worker"
        let configuration = try WorkerConfiguration(
            serviceName: "w", defaultPort: 1, environment: ServiceEnvironment(environment))
        #expect(configuration.kafka.properties["sasl.password"] == "s3cret")
        #expect(configuration.kafka.properties["sasl.username"] == "worker")
        #expect(configuration.kafka.properties["sasl.password.file"] == nil)

        for (variable, value, blamed) in [
            ("KAFKA_PROPERTY_SASL_PASSWORD", "inline", "KAFKA_PROPERTY_SASL_PASSWORD"),
            ("KAFKA_PROPERTY_SASL_PASSWORD_FILE", empty.path, "KAFKA_PROPERTY_SASL_PASSWORD_FILE"),
            ("KAFKA_PROPERTY_SASL_PASSWORD_FILE", folder.path + "/missing", "KAFKA_PROPERTY_SASL_PASSWORD_FILE"),
        ] {
            var refused = environment
            refused[variable] = value
            #expect {
                try WorkerConfiguration(serviceName: "w", defaultPort: 1, environment: ServiceEnvironment(refused))
            } throws: { ($0 as? ConfigurationError)?.variable == blamed }
        }
    }

    @Test func missingOrMalformedValuesNameTheVariableAndNeverTheSecret() {
        var environment = minimal
        environment["MESSENGER_APP_ID"] = nil
        #expect {
            try WorkerConfiguration(serviceName: "w", defaultPort: 1, environment: ServiceEnvironment(environment))
        } throws: { ($0 as? ConfigurationError)?.variable == "MESSENGER_APP_ID" }
        environment = minimal
        environment["WORKER_CONCURRENCY"] = "lots"
        #expect {
            try WorkerConfiguration(serviceName: "w", defaultPort: 1, environment: ServiceEnvironment(environment))
        } throws: { ($0 as? ConfigurationError)?.variable == "WORKER_CONCURRENCY" }
        environment = minimal
        environment["KAFKA_PROPERTY_SASL_PASSWORD"] = "kafka-password-value"
        let configuration = try? WorkerConfiguration(
            serviceName: "w", defaultPort: 1, environment: ServiceEnvironment(environment))
        let printed = "\(configuration!)"
        #expect(!printed.contains("s3cret-value") && !printed.contains("page-token-value"))
        #expect(!printed.contains("kafka-password-value"))
    }

    @Test func anObserverNeedsNoAppOrPage() throws {
        let configuration = try WorkerConfiguration(
            serviceName: "handover-audit-worker", defaultPort: 8083, environment: ServiceEnvironment([:]),
            requiresApp: false)
        #expect(configuration.pages.isEmpty)
        #expect(configuration.groupID == "handover-audit-worker")
    }
}
