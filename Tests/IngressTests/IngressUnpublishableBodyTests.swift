import CurlHTTP
import Foundation
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

@testable import Ingress

/// Signed bodies that can never become event records are answered so Meta stops retrying: kept on
/// the dead-letter topic (whole, or as a reference when even that cannot be stored), 200, counted.
@Suite(.timeLimit(.minutes(2)))
struct IngressUnpublishableBodyTests {
    @Test func bodyWithMoreItemsThanTheCapIsDeadLetteredWholeAndAnswered200() async throws {
        let ingress = try await IngressHarness.start { $0.maxItemsPerBody = 2 }
        defer { Task { await ingress.stop() } }
        let response = try await ingress.post(IngressWebhookTests.batch)  // three items
        #expect(response.status == 200)
        #expect(response.text.contains("dead_lettered"))
        let dead = try await ingress.records(ingress.topics.ingressDeadLetter, count: 1)
        #expect(dead[0].value == Array(IngressWebhookTests.batch.utf8))
        #expect(dead[0].header("reason")?.contains("more than the limit of 2") == true)
        let nothing = try await ingress.allRecords(ingress.topics.messages, timeout: .seconds(1))
        #expect(nothing.isEmpty)
        #expect(try await ingress.get("/metrics").text.contains(#"ingress_rejected_total{reason="too_many_items"}"#))
    }

    @Test func recordTheBrokerRefusesForGoodIsAnswered200WithAReferenceOnTheDeadLetterTopic() async throws {
        let ingress = try await IngressHarness.start { $0.kafka.properties["message.max.bytes"] = "4000" }
        defer { Task { await ingress.stop() } }
        let text = String(repeating: "a", count: 6_000)
        let body =
            #"{"object":"page","entry":[{"id":"1000000000000001","time":1,"messaging":[{"sender":{"id":"3001"},"recipient":{"id":"1000000000000001"},"timestamp":1,"message":{"mid":"m_big","text":"\#(text)"}}]}]}"#
        let response = try await ingress.post(body)
        #expect(response.status == 200)
        let dead = try await ingress.records(ingress.topics.ingressDeadLetter, count: 1)
        #expect(dead[0].header("body-stored") == "false")
        let reference = String(decoding: dead[0].value, as: UTF8.self)
        #expect(reference.contains(#""body_bytes":\#(body.utf8.count)"#))
        #expect(try await ingress.get("/metrics").text.contains(#"ingress_rejected_total{reason="unstorable"}"#))
    }

    @Test func appWithAnEmptySecretNeverVerifiesABodySignedWithAnEmptyKey() async throws {
        let ingress = try await IngressHarness.start(apps: [MessengerApp(id: "55", secret: Secret(""))])
        defer { Task { await ingress.stop() } }
        let response = try await ingress.post(IngressWebhookTests.batch, path: "/webhook/55", secret: "")
        #expect(response.status == 403)
    }
}
