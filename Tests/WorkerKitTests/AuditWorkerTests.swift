import Foundation
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing

@Suite("handover-audit-worker")
struct AuditWorkerTests {
    /// The real executable against a mock-cluster broker: one change of control reaches several
    /// apps' webhooks (and one webhook twice), yet each change is one JSON line on stdout; a request
    /// is no change; SIGTERM ends it with status 0.
    @Test func auditWorkerLogsEachControlChangeOnceAcrossAppsAndExitsCleanlyOnSigterm() async throws {
        let topics = MessengerTopics(prefix: KafkaTestBroker.uniqueName("audit") + ".")
        // One partition per topic: duplicates sit before the closing records of their topic.
        let broker = try await KafkaTestBroker(topics: topics.allTopics, partitions: 1)
        defer { broker.close() }
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        let worker = try await WorkerProcess(
            executable: "handover-audit-worker",
            environment: [
                "KAFKA_BROKERS": broker.bootstrapServers, "KAFKA_TOPIC_PREFIX": topics.prefix, "PORT": "0",
                "HOST": "127.0.0.1", "KAFKA_GROUP_ID": KafkaTestBroker.uniqueName("audit"), "LOG_LEVEL": "warning",
                "KAFKA_PROPERTY_SESSION_TIMEOUT_MS": "4000", "KAFKA_PROPERTY_HEARTBEAT_INTERVAL_MS": "500",
            ])

        let page = "900000000000001"
        let bot = "100000000000001"
        let agent = "200000000000002"
        let inbox = AppID.pageInbox.rawValue
        func record(_ item: String, by app: String) throws -> KafkaProducerRecord {
            try WorkerTestRecords.record(item: item, pageID: page, appID: app, topicPrefix: topics.prefix)
        }
        let passToBot = WorkerTestRecords.pass(
            pageID: page, userID: "a1", previousOwner: nil, newOwner: bot, timestamp: 100)
        let takeByAgent = WorkerTestRecords.take(
            pageID: page, userID: "a1", previousOwner: bot, newOwner: agent, timestamp: 200)
        let roles = WorkerTestRecords.appRoles(
            pageID: page, roles: [bot: "primary_receiver", agent: "secondary_receiver"], timestamp: 300)
        let lastRoles = WorkerTestRecords.appRoles(pageID: page, roles: [agent: "primary_receiver"], timestamp: 400)
        try await producer.send([
            try record(passToBot, by: bot), try record(passToBot, by: agent),
            try record(takeByAgent, by: bot), try record(takeByAgent, by: agent), try record(takeByAgent, by: bot),
            try record(
                WorkerTestRecords.request(pageID: page, userID: "a2", requestedOwner: inbox, timestamp: 250), by: bot),
            try record(
                WorkerTestRecords.pass(pageID: page, userID: "a2", previousOwner: bot, newOwner: inbox, timestamp: 260),
                by: bot),
            try record(roles, by: bot), try record(roles, by: agent),
            // Closing records of each topic, after every duplicate.
            try record(
                WorkerTestRecords.pass(pageID: page, userID: "a1", previousOwner: agent, newOwner: bot, timestamp: 500),
                by: bot),
            try record(lastRoles, by: agent),
        ])
        let arrived = await worker.waitForLines(6, timeout: .seconds(60))
        let status = await worker.terminate()
        await worker.waitForEndOfOutput()
        await producer.shutdown(flushTimeout: .seconds(1))
        #expect(arrived)
        #expect(status == 0)

        let lines = try worker.lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 6, "\(worker.lines)")
        let changes = lines.map { line in
            [line["type"], line["user_id"], line["from"], line["to"]].map { ($0 as? String) ?? "-" }.joined(
                separator: " ")
        }
        #expect(
            Set(changes) == [
                "pass_thread_control a1 - \(bot)", "take_thread_control a1 \(bot) \(agent)",
                "pass_thread_control a2 \(bot) \(inbox)", "pass_thread_control a1 \(agent) \(bot)",
                "app_roles - - -",
            ])
        let a1 = changes.filter { $0.contains(" a1 ") }
        #expect(a1.count == 3)
        #expect(a1.first?.hasPrefix("pass_thread_control a1 -") == true, "one thread's changes are logged in order")
        #expect(lines.allSatisfy { $0["ts"] is String && $0["page_id"] as? String == page && $0["event_id"] is String })
        #expect(lines.filter { $0["type"] as? String == "app_roles" }.count == 2)
    }
}
