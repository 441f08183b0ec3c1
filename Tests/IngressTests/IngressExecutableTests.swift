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
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let ingress = try await IngressProcess.start(
            name: "exe", secret: "exe-secret", environment: ["MESSENGER_VERIFY_TOKEN": "exe-token"], http: http)
        defer { ingress.stop() }
        let (broker, topics, port, process) = (ingress.broker, ingress.topics, ingress.port, ingress.process)

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
