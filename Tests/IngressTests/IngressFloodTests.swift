import CurlHTTP
import Foundation
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

/// The built `handover-ingress` under a flood of stalled near-1 MiB bodies, measured from outside
/// (its own `/proc/<pid>/status`), as an attacker would see it.
@Suite(.timeLimit(.minutes(3)))
struct IngressFloodTests {
    static func residentBytes(pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1_024
    }

    @Test func hundredsOfStalledBodiesStayCheapAreClosedAfterTheDeadlineAndSignedWebhooksPass() async throws {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let ingress = try await IngressProcess.start(
            name: "flood", secret: "flood-secret",
            environment: ["HTTP_REQUEST_READ_TIMEOUT_MS": "3000", "HTTP_IDLE_TIMEOUT_MS": "3000"], http: http)
        defer { ingress.stop() }
        let (port, process) = (ingress.port, ingress.process)

        let body = Array(
            #"{"object":"page","entry":[{"id":"55","time":1,"messaging":[{"sender":{"id":"9"},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_flood","text":"hi"}}]}]}"#
                .utf8)
        func signedPost() async throws -> Int {
            try await http.execute(
                CurlRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/webhook/777",
                    headers: [
                        CurlHeader(
                            name: "X-Hub-Signature-256",
                            value: WebhookSignature.sign256(body: body, secret: "flood-secret"))
                    ], body: body)
            ).status
        }
        #expect(try await signedPost() == 200)
        let before = Self.residentBytes(pid: process.processIdentifier)

        // 240 connections, the finding's flood (unknown app, no signature), plus 16 with a wrong
        // signature for the known app, whose bodies are read: each declares 1 MiB and stalls 1 KiB short.
        let stalledBody = [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 20) - 1_024)
        var connections: [RawHTTPConnection] = []
        for index in 0..<256 {
            let connection = try RawHTTPConnection(port: port)
            let head =
                index < 240
                ? IngressConnectionLimitTests.head(path: "/webhook/12345", length: 1 << 20)
                : IngressConnectionLimitTests.head(
                    path: "/webhook/777", length: 1 << 20, signature: IngressConnectionLimitTests.bogusSignature)
            await connection.send(head)
            await connection.send(stalledBody, timeout: .seconds(5))
            connections.append(connection)
            if index % 64 == 63 { #expect(try await signedPost() == 200) }
        }
        let during = Self.residentBytes(pid: process.processIdentifier)
        #expect(during - before < 100 << 20, "RSS grew by \((during - before) >> 20) MiB")
        #expect(try await signedPost() == 200)

        // The read deadline is 3 s; every connection is closed well within 3 s plus a generous margin.
        var open = 0
        for connection in connections {
            if await !connection.readUntilClosed(timeout: .seconds(20)).closed { open += 1 }
        }
        #expect(open == 0)
        #expect(try await signedPost() == 200)
    }
}
