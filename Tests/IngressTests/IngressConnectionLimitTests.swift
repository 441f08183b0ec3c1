import CurlHTTP
import Foundation
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

@testable import Ingress

/// What the ingress does with clients that do not behave: answers from the headers before the body,
/// bounded read time, a memory budget for bodies, the size limit on chunked bodies.
@Suite(.timeLimit(.minutes(2)))
struct IngressConnectionLimitTests {
    static let bogusSignature = "sha256=" + String(repeating: "0", count: 64)

    static func head(path: String, length: Int?, signature: String? = nil, chunked: Bool = false) -> String {
        var text = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        if let length { text += "Content-Length: \(length)\r\n" }
        if chunked { text += "Transfer-Encoding: chunked\r\n" }
        if let signature { text += "X-Hub-Signature-256: \(signature)\r\n" }
        return text + "\r\n"
    }

    @Test func unknownAppIsAnswered404BeforeTheBodyIsSent() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        let connection = try RawHTTPConnection(port: ingress.port)
        await connection.send(Self.head(path: "/webhook/999", length: 1_000_000, signature: Self.bogusSignature))
        #expect(await connection.read(timeout: .seconds(20)).hasPrefix("HTTP/1.1 404"))
    }

    @Test func missingSignatureIsAnswered401BeforeTheBodyIsSent() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        let connection = try RawHTTPConnection(port: ingress.port)
        await connection.send(Self.head(path: "/webhook/\(IngressHarness.botApp.id)", length: 1_000_000))
        #expect(await connection.read(timeout: .seconds(20)).hasPrefix("HTTP/1.1 401"))
    }

    @Test func chunkedBodyOverTheLimitIsAnswered413() async throws {
        let ingress = try await IngressHarness.start { $0.maxBodyBytes = 4_096 }
        defer { Task { await ingress.stop() } }
        let connection = try RawHTTPConnection(port: ingress.port)
        await connection.send(
            Self.head(
                path: "/webhook/\(IngressHarness.botApp.id)", length: nil, signature: Self.bogusSignature, chunked: true
            ))
        let chunk = String(repeating: "x", count: 1_000)
        for _ in 0..<8 { await connection.send(String(1_000, radix: 16) + "\r\n" + chunk + "\r\n") }
        await connection.send("0\r\n\r\n")
        #expect(await connection.read(timeout: .seconds(20)).hasPrefix("HTTP/1.1 413"))
    }

    @Test func stalledBodyAndUnfinishedHeadAreClosedAfterTheReadDeadline() async throws {
        let ingress = try await IngressHarness.start {
            $0.httpLimits.requestReadTimeout = .seconds(1)
            $0.httpLimits.idleTimeout = .seconds(1)
        }
        defer { Task { await ingress.stop() } }
        let stalledBody = try RawHTTPConnection(port: ingress.port)
        await stalledBody.send(
            Self.head(path: "/webhook/\(IngressHarness.botApp.id)", length: 10_000, signature: Self.bogusSignature))
        await stalledBody.send(String(repeating: "x", count: 5_000))
        let unfinishedHead = try RawHTTPConnection(port: ingress.port)
        await unfinishedHead.send("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        // A body trickling a byte at a time is not kept open by its own activity.
        let trickle = try RawHTTPConnection(port: ingress.port)
        await trickle.send(
            Self.head(path: "/webhook/\(IngressHarness.botApp.id)", length: 10_000, signature: Self.bogusSignature))
        var trickleClosed = false
        for _ in 0..<60 where !trickleClosed {
            trickleClosed = await !trickle.send("x")
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(trickleClosed)
        #expect(await stalledBody.readUntilClosed(timeout: .seconds(15)).closed)
        #expect(await unfinishedHead.readUntilClosed(timeout: .seconds(15)).closed)
    }

    @Test func bodiesBeyondTheBudgetAreAnswered503WithRetryAfterAndSignedWebhooksPassOnceTheyClose() async throws {
        let ingress = try await IngressHarness.start {
            $0.maxBodyBytes = 1 << 20
            $0.bodyBudgetBytes = 2 << 20
            // Long enough that the two held bodies still hold the budget when the third arrives,
            // however slowly a loaded machine gets there.
            $0.httpLimits.requestReadTimeout = .seconds(8)
        }
        defer { Task { await ingress.stop() } }
        let path = "/webhook/\(IngressHarness.botApp.id)"
        var held: [RawHTTPConnection] = []
        for _ in 0..<2 {
            let connection = try RawHTTPConnection(port: ingress.port)
            await connection.send(Self.head(path: path, length: 1 << 20, signature: Self.bogusSignature))
            await connection.send(Array(repeating: UInt8(ascii: "x"), count: (1 << 20) - 1_024))
            held.append(connection)
        }
        try await Task.sleep(for: .milliseconds(300))
        let third = try RawHTTPConnection(port: ingress.port)
        await third.send(Self.head(path: path, length: 1 << 20, signature: Self.bogusSignature))
        await third.send(Array(repeating: UInt8(ascii: "x"), count: 200_000))
        let answer = await third.read(timeout: .seconds(20))
        #expect(answer.hasPrefix("HTTP/1.1 503"))
        #expect(answer.lowercased().contains("retry-after: 1"))
        for connection in held { #expect(await connection.readUntilClosed(timeout: .seconds(30)).closed) }
        #expect(try await ingress.post(IngressWebhookTests.batch).status == 200)
        let metrics = try await ingress.get("/metrics").text
        #expect(metrics.contains(#"ingress_rejected_total{reason="body_budget"}"#))
    }
}
