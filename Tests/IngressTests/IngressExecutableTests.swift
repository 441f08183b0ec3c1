import CurlHTTP
import Foundation
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

/// The built `handover-ingress` executable, configured only through its environment, as a
/// container runs it.
@Suite(.timeLimit(.minutes(2)))
struct IngressExecutableTests {
    static let executable = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/handover-ingress")

    @Test func executablePublishesASignedWebhookAndExitsZeroOnSIGTERM() async throws {
        let broker = try await KafkaTestBroker()
        defer { broker.close() }
        let topics = MessengerTopics(prefix: KafkaTestBroker.uniqueName("exe") + ".")
        try await broker.createTopics(topics.allTopics, partitions: 2)
        // Below both the end-to-end stacks' ports (PortProbe.unassignedRange, from 20000) and the
        // kernel's ephemeral ports, so no other test's server or client socket can hold it.
        let port = Int.random(in: 10_000..<20_000)

        let process = Process()
        process.executableURL = Self.executable
        process.environment = [
            "KAFKA_BROKERS": broker.bootstrapServers, "KAFKA_TOPIC_PREFIX": topics.prefix, "PORT": String(port),
            "HOST": "127.0.0.1", "MESSENGER_APP_ID": "777", "MESSENGER_APP_SECRET": "exe-secret",
            "MESSENGER_VERIFY_TOKEN": "exe-token", "LOG_LEVEL": "warning",
        ]
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let http = CurlHTTPClient()
        defer { http.shutdown() }
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/healthz")))?.status == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready)

        let body = Array(
            #"{"object":"page","entry":[{"id":"55","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_exe","text":"hi"}}]}]}"#
                .utf8)
        let response = try await http.execute(
            CurlRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/webhook/777",
                headers: [
                    CurlHeader(
                        name: "X-Hub-Signature-256", value: WebhookSignature.sign256(body: body, secret: "exe-secret"))
                ], body: body))
        #expect(response.status == 200)
        let records = try await broker.readAll(topic: topics.messages, count: 1)
        #expect(records.count == 1)
        #expect(try records.first.map { try EventRecord.decode($0.value).id } == "m_exe")

        process.terminate()  // SIGTERM
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        #expect(process.terminationReason == .exit)
    }

    @Test func executableRefusesToStartWithoutAnAppSecretAndNamesTheVariable() throws {
        let process = Process()
        process.executableURL = Self.executable
        let stderr = Pipe()
        process.standardError = stderr
        process.environment = ["MESSENGER_APP_ID": "777", "PORT": "0"]
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 78)
        #expect(output.contains("MESSENGER_APP_SECRET"))
    }
}
