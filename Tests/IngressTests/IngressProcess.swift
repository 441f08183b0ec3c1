import CurlHTTP
import Foundation
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

/// The built `handover-ingress` executable running against a test broker with its own topic set,
/// on a port no other test's server or client socket can hold, once it answers `/healthz`.
struct IngressProcess {
    let broker: KafkaTestBroker
    let topics: MessengerTopics
    let port: Int
    let process: Process

    /// Starts the executable for app `777` with `secret`, plus `environment`; waits until healthy.
    static func start(name: String, secret: String, environment: [String: String] = [:], http: CurlHTTPClient)
        async throws -> IngressProcess
    {
        let broker = try await KafkaTestBroker()
        let topics = MessengerTopics(prefix: KafkaTestBroker.uniqueName(name) + ".")
        try await broker.createTopics(topics.allTopics, partitions: 2)
        // Below both the end-to-end stacks' ports (PortProbe.unassignedRange, from 20000) and the
        // kernel's ephemeral ports.
        let port = Int.random(in: 10_000..<20_000)
        let process = Process()
        process.executableURL = IngressExecutableTests.executable
        process.environment = [
            "KAFKA_BROKERS": broker.bootstrapServers, "KAFKA_TOPIC_PREFIX": topics.prefix, "PORT": String(port),
            "HOST": "127.0.0.1", "MESSENGER_APP_ID": "777", "MESSENGER_APP_SECRET": secret, "LOG_LEVEL": "warning",
        ].merging(environment) { _, given in given }
        try process.run()
        let ingress = IngressProcess(broker: broker, topics: topics, port: port, process: process)
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/healthz")))?.status == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard ready else {
            ingress.stop()
            throw IngressProcessError()
        }
        return ingress
    }

    /// Ends the process (if still running) and the broker.
    func stop() {
        if process.isRunning { process.terminate() }
        broker.close()
    }

    struct IngressProcessError: Error, CustomStringConvertible {
        var description: String { "handover-ingress did not answer /healthz in time" }
    }
}
