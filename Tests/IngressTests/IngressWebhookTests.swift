import CurlHTTP
import Foundation
import Kafka
import KafkaMockCluster
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

@testable import Ingress

/// The ingress against a real Kafka-protocol broker over TCP: what lands where, and when it answers.
@Suite(.timeLimit(.minutes(2)))
struct IngressWebhookTests {
    static let page = IngressHarness.pageID
    static let messageItem =
        #"{"sender":{"id":"3001"},"recipient":{"id":"1000000000000001"},"timestamp":1458692752478,"message":{"mid":"m_hello","text":"h\u00e4llo"}}"#
    static let passItem =
        #"{"sender":{"id":"3001"},"recipient":{"id":"1000000000000001"},"timestamp":1458692752479,"pass_thread_control":{"previous_owner_app_id":null,"new_owner_app_id":2000000000000001,"metadata":"from inbox"}}"#
    static let standbyItem =
        #"{"sender":{"id":"3002"},"recipient":{"id":"1000000000000001"},"timestamp":1537457944811,"message":{"mid":"m_standby","seq":513595,"text":"foo"}}"#
    static let batch =
        #"{"object":"page","entry":[{"id":"1000000000000001","time":1458692752478,"messaging":[\#(messageItem),\#(passItem)]},{"id":"1000000000000001","time":1537457946051,"standby":[\#(standbyItem)]}]}"#

    @Test func batchedRequestLandsAsOneRecordPerEventOnItsTopicWithKeyAppIDAndRawItem() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }

        let response = try await ingress.post(Self.batch)
        #expect(response.status == 200)
        #expect(response.text.contains(#""records":3"#))

        let messages = try await ingress.records(ingress.topics.messages, count: 1)
        let handovers = try await ingress.records(ingress.topics.handovers, count: 1)
        let standby = try await ingress.records(ingress.topics.standby, count: 1)
        // One record per event, not more: asked for four, the three topics hold only the three.
        let everything = try await ingress.kafka.readAll(
            topics: [ingress.topics.messages, ingress.topics.handovers, ingress.topics.standby], count: 4,
            timeout: .seconds(10))
        #expect(everything.count == 3)

        let message = try EventRecord.decode(messages[0].value)
        #expect(message.type == .message)
        #expect(message.id == "m_hello")
        #expect(message.appID == AppID(IngressHarness.botApp.id))
        #expect(message.pageID == Self.page)
        #expect(message.userID == "3001")
        #expect(String(decoding: message.event, as: UTF8.self) == Self.messageItem)
        #expect(messages[0].key.map { String(decoding: $0, as: UTF8.self) } == "\(Self.page):3001")
        #expect(messages[0].header("kind") == "messages")
        #expect(messages[0].header("type") == "message")
        #expect(messages[0].header("app-id") == IngressHarness.botApp.id)
        #expect(messages[0].header("event-id") == "m_hello")
        #expect(messages[0].header("traceparent")?.hasPrefix("00-") == true)

        let pass = try EventRecord.decode(handovers[0].value)
        #expect(pass.type == .passThreadControl)
        #expect(pass.kind == .handovers)
        #expect(String(decoding: pass.event, as: UTF8.self) == Self.passItem)
        #expect(handovers[0].key.map { String(decoding: $0, as: UTF8.self) } == "\(Self.page):3001")

        let standbyRecord = try EventRecord.decode(standby[0].value)
        #expect(standbyRecord.kind == .standby)
        #expect(standbyRecord.type == .message)
        #expect(standbyRecord.userID == "3002")
        #expect(String(decoding: standbyRecord.event, as: UTF8.self) == Self.standbyItem)
        // The thread's records share a partition number across topics (same key, same partition count).
        #expect(messages[0].partition == handovers[0].partition)
    }

    @Test func redeliveredWebhookYieldsTheSameEventIDs() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }

        #expect(try await ingress.post(Self.batch).status == 200)
        #expect(try await ingress.post(Self.batch).status == 200)
        let handovers = try await ingress.records(ingress.topics.handovers, count: 2)
        let ids = try handovers.map { try EventRecord.decode($0.value).id }
        #expect(ids[0] == ids[1])
        #expect(!ids[0].isEmpty)
        let messages = try await ingress.records(ingress.topics.messages, count: 2)
        #expect(try messages.map { try EventRecord.decode($0.value).id } == ["m_hello", "m_hello"])
    }

    @Test func eachAppsRecordsCarryItsOwnAppIDAndAnotherAppsSecretIsRejected() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        let single =
            #"{"object":"page","entry":[{"id":"1000000000000001","time":1,"messaging":[\#(Self.messageItem)]}]}"#

        #expect(try await ingress.post(single, path: "/webhook/\(IngressHarness.botApp.id)").status == 200)
        #expect(
            try await ingress.post(single, path: "/webhook/\(IngressHarness.agentApp.id)", secret: "agent-secret")
                .status == 200)
        // Signed with the bot's secret but posted on the agent app's path.
        #expect(
            try await ingress.post(single, path: "/webhook/\(IngressHarness.agentApp.id)", secret: "bot-secret").status
                == 403)
        // On the shared path the app is the one whose secret verifies.
        #expect(try await ingress.post(single, path: "/webhook", secret: "agent-secret").status == 200)

        let records = try await ingress.records(ingress.topics.messages, count: 3)
        let appIDs = try records.map { try EventRecord.decode($0.value).appID.rawValue }.sorted()
        #expect(
            appIDs == [IngressHarness.botApp.id, IngressHarness.agentApp.id, IngressHarness.agentApp.id].sorted())
    }

    @Test func everyRejectionHasItsStatusAndProducesNothing() async throws {
        let ingress = try await IngressHarness.start { $0.maxBodyBytes = 4096 }
        defer { Task { await ingress.stop() } }
        let single =
            #"{"object":"page","entry":[{"id":"1000000000000001","time":1,"messaging":[\#(Self.messageItem)]}]}"#

        let missing = try await ingress.post(single, signed: false)
        #expect(missing.status == 401)
        #expect(missing.text.contains("missing"))
        let wrongSecret = try await ingress.post(single, secret: "not-the-secret")
        #expect(wrongSecret.status == 403)
        let wrongPrefix = try await ingress.post(
            single, headers: [CurlHeader(name: "X-Hub-Signature-256", value: "md5=00")], signed: false)
        #expect(wrongPrefix.status == 403)
        let unknownApp = try await ingress.post(single, path: "/webhook/999")
        #expect(unknownApp.status == 404)
        let huge = #"{"object":"page","entry":[],"pad":""# + String(repeating: "x", count: 8192) + #""}"#
        #expect(try await ingress.post(huge).status == 413)
        // The bot app does not accept the legacy sha1 header.
        let sha1Only = try await ingress.post(
            single,
            headers: [
                CurlHeader(
                    name: "X-Hub-Signature",
                    value: WebhookSignature.sign1(body: Array(single.utf8), secret: "bot-secret"))
            ], signed: false)
        #expect(sha1Only.status == 403)

        // A wrong content type is accepted when the signature verifies; it is the only record.
        let plain = single.replacingOccurrences(of: "m_hello", with: "m_plain")
        let accepted = try await ingress.post(plain, headers: [CurlHeader(name: "Content-Type", value: "text/plain")])
        #expect(accepted.status == 200)
        let records = try await ingress.records(ingress.topics.messages, count: 1)
        #expect(try EventRecord.decode(records[0].value).id == "m_plain")
        let everything = try await ingress.allRecords(ingress.topics.messages, timeout: .seconds(10))
        #expect(everything.count == 1)
    }

    @Test func legacySHA1IsAcceptedOnlyForAnAppThatAllowsIt() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        let single =
            #"{"object":"page","entry":[{"id":"1000000000000001","time":1,"messaging":[\#(Self.messageItem)]}]}"#
        let header = CurlHeader(
            name: "X-Hub-Signature", value: WebhookSignature.sign1(body: Array(single.utf8), secret: "agent-secret"))
        let response = try await ingress.post(
            single, path: "/webhook/\(IngressHarness.agentApp.id)", headers: [header], signed: false)
        #expect(response.status == 200)
        // Published as the agent app's event, not dead-lettered or dropped.
        let published = try await ingress.records(ingress.topics.messages, count: 1)
        #expect(try EventRecord.decode(published[0].value).appID == AppID(IngressHarness.agentApp.id))
    }

    @Test func signedBodyThatIsNotAWebhookIsKeptWholeOnTheDeadLetterTopic() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }

        let notJSON = "this is {not json \u{00e4}"
        let response = try await ingress.post(notJSON)
        #expect(response.status == 200)
        #expect(response.text.contains("dead_lettered"))
        let notWebhook = #"{"hello":"world"}"#
        #expect(try await ingress.post(notWebhook).status == 200)

        let dead = try await ingress.records(ingress.topics.ingressDeadLetter, count: 2)
        #expect(dead[0].value == Array(notJSON.utf8))
        #expect(dead[1].value == Array(notWebhook.utf8))
        #expect(dead[0].header("reason")?.isEmpty == false)
        #expect(dead[0].header("app-id") == IngressHarness.botApp.id)
    }

    @Test func instagramObjectIsRoutedTheSameWayAndKeptInTheRecord() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        let body =
            #"{"object":"instagram","entry":[{"id":"1000000000000001","time":1,"messaging":[\#(Self.messageItem)]}]}"#
        #expect(try await ingress.post(body).status == 200)
        let records = try await ingress.records(ingress.topics.messages, count: 1)
        #expect(try EventRecord.decode(records[0].value).object == "instagram")
    }

    @Test func verificationHandshakeAnswersTheChallengeOnlyForTheRightToken() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        let ok = try await ingress.get(
            "/webhook?hub.mode=subscribe&hub.verify_token=bot-token&hub.challenge=1158201444")
        #expect(ok.status == 200)
        #expect(ok.text == "1158201444")
        let perApp = try await ingress.get(
            "/webhook/\(IngressHarness.agentApp.id)?hub.mode=subscribe&hub.verify_token=agent-token&hub.challenge=7")
        #expect(perApp.text == "7")
        #expect(
            try await ingress.get("/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status == 403)
        #expect(
            try await ingress.get("/webhook?hub.mode=unsubscribe&hub.verify_token=bot-token&hub.challenge=1").status
                == 403)
        // The agent's token does not verify the bot's path.
        #expect(
            try await ingress.get(
                "/webhook/\(IngressHarness.botApp.id)?hub.mode=subscribe&hub.verify_token=agent-token&hub.challenge=1"
            ).status == 403)
    }

    @Test(.needsMockFaultInjection)
    func brokerDownGives503WithRetryAfterAndTheRetryAfterRecoveryLandsEverything() async throws {
        let ingress = try await IngressHarness.start(choice: .mock) { $0.ackTimeout = .seconds(1) }
        defer { Task { await ingress.stop() } }
        let cluster = try #require(ingress.broker)
        #expect(try await ingress.get("/readyz").status == 200)

        // A broker answering 10 s late (a stopped mock broker must bind its port again to come back,
        // and another socket of the parallel tests may have taken it meanwhile).
        cluster.setRoundTripTime(.seconds(10))
        // 503 is the answer when the acknowledgement deadline passed (or the produce failed); no
        // timing is asserted here: the machines are shared.
        let refused = try await ingress.post(Self.batch)
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        var readiness = 200
        for _ in 0..<20 where readiness == 200 {
            readiness = try await ingress.get("/readyz").status
            if readiness == 200 { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(readiness == 503)

        cluster.setRoundTripTime(.zero)
        var status = 0
        for _ in 0..<20 where status != 200 {
            status = try await ingress.post(Self.batch).status
            if status != 200 { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(status == 200)
        // Everything of the successful delivery is there (the refused attempt may have left copies
        // too: at-least-once, with the same event ids, which consumers drop).
        let handovers = try await ingress.records(ingress.topics.handovers, count: 1)
        let standby = try await ingress.records(ingress.topics.standby, count: 1)
        #expect(try EventRecord.decode(handovers[0].value).type == .passThreadControl)
        #expect(try EventRecord.decode(standby[0].value).id == "m_standby")
        #expect(try await ingress.get("/readyz").status == 200)
    }

    @Test func metricsCountRequestsEventsAndSignatureFailures() async throws {
        let ingress = try await IngressHarness.start()
        defer { Task { await ingress.stop() } }
        #expect(try await ingress.post(Self.batch).status == 200)
        #expect(try await ingress.post(Self.batch, secret: "wrong").status == 403)
        let metrics = try await ingress.get("/metrics").text
        #expect(metrics.contains(#"ingress_requests_total{status="200"} 1"#))
        #expect(metrics.contains(#"ingress_requests_total{status="403"} 1"#))
        #expect(metrics.contains(#"ingress_events_total{kind="handovers",type="pass_thread_control"} 1"#))
        #expect(metrics.contains(#"ingress_signature_failures_total{reason="invalid"} 1"#))
        #expect(metrics.contains("ingress_produce_duration_seconds_bucket"))
        #expect(try await ingress.get("/healthz").status == 200)
    }
}

extension KafkaConsumerRecord {
    func header(_ name: String) -> String? {
        header(name).map { String(decoding: $0, as: UTF8.self) }
    }
}
