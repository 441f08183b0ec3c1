import Kafka
import MessengerPlatform
import MetricsReading
import SimulatorClient
import TestSupport
import Testing
import WorkerKit

/// A worker that died after answering records it had not committed finds, on assignment, the
/// echoes of its answers ahead of its committed offset, and does not answer those records again.
@Suite("Side effects done before a crash are recovered from echoes on assignment")
struct SideEffectRecoveryTests {
    /// Answers each user message once per event, the side effect's tag as metadata.
    @Sendable static func answerOnce(_ event: WorkerEvent, _ context: WorkerContext) async throws {
        guard event.type == .message, let thread = event.thread else { return }
        try await context.once("answer") { metadata in
            try await context.sendText("re: " + (event.messaging?.message?.text ?? ""), to: thread, metadata: metadata)
        }
    }

    static func tag(_ mid: String) -> String { SideEffectTag(eventID: mid, step: "answer").description }

    @Test(
        "only this app's tagged echoes count as done; a zero scan limit turns the read-ahead off",
        arguments: [10_000, 0])
    func echoesAheadOfTheCommittedOffsetMarkAnswersDone(scanLimit: Int) async throws {
        try await WorkerTestbed.with { testbed in
            let users = ["ours", "other-app", "untagged", "fresh"].map { "r\(scanLimit)-\($0)" }
            try await testbed.createUsers(users)
            var records: [KafkaProducerRecord] = []
            for (index, user) in users.enumerated() {
                records.append(
                    try testbed.record(
                        WorkerTestRecords.message(
                            pageID: WorkerTestbed.pageID, userID: user, mid: "m-\(user)", text: "q\(index)",
                            timestamp: 1_700_000_000_000 + Int64(index))))
            }
            // As a worker that answered the first three and died before committing leaves them: the
            // echoes behind the messages. Only the first proves our answer went out.
            let echoes: [(user: String, app: String, metadata: String)] = [
                (users[0], WorkerTestbed.botApp, Self.tag("m-\(users[0])")),
                (users[1], WorkerTestbed.agentApp, Self.tag("m-\(users[1])")),
                (users[2], WorkerTestbed.botApp, "handover-bot-worker"),
            ]
            for (index, echo) in echoes.enumerated() {
                records.append(
                    try testbed.record(
                        WorkerTestRecords.echo(
                            pageID: WorkerTestbed.pageID, userID: echo.user, mid: "echo-\(echo.user)", appID: echo.app,
                            text: "re: q\(index)", timestamp: 1_700_000_001_000 + Int64(index), metadata: echo.metadata)
                    ))
            }
            try await testbed.produce(records)

            let journal = HandlerJournal()
            var configuration = testbed.configuration()
            configuration.recoveryScanLimit = scanLimit
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal, action: Self.answerOnce),
                configuration: configuration)
            let handled = await journal.wait { $0.completed.count >= users.count }
            let metrics = try await testbed.metrics(of: worker)
            await worker.stopGracefully()
            try #require(handled, "the worker did not handle the four messages")

            for user in users {
                let sends = try await testbed.sends(to: user)
                let recovered = scanLimit > 0 && user == users[0]
                #expect(
                    sends.map(\.metadata) == (recovered ? [] : [Self.tag("m-\(user)")]),
                    "\(user): \(sends)")
            }
            #expect(metrics.value("worker_recovered_side_effects_total") == (scanLimit > 0 ? 1 : nil))
            if scanLimit > 0 {
                #expect((metrics.value("worker_recovery_records_read_total") ?? 0) >= Double(records.count))
            }
        }
    }

    @Test("the read-ahead starts at the group's committed offset")
    func readAheadStartsAtTheCommittedOffset() async throws {
        try await WorkerTestbed.with { testbed in
            let users = ["c-before-1", "c-before-2", "c-before-3", "c-after"]
            try await testbed.createUsers(users)
            func message(_ user: String) throws -> KafkaProducerRecord {
                try testbed.record(
                    WorkerTestRecords.message(
                        pageID: WorkerTestbed.pageID, userID: user, mid: "m-\(user)", text: "q",
                        timestamp: 1_700_000_000_000))
            }
            let configuration = testbed.configuration()
            // Three messages handled and committed by a first worker of the group.
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages], journal: journal, action: Self.answerOnce)
            try await testbed.produce(try users.dropLast().map(message))
            let first = try await testbed.startWorker(handler, configuration: configuration)
            try #require(await journal.wait { $0.completed.count >= 3 })
            await first.stopGracefully()

            // Then a message and the echo of its answer, as a crashed member would leave them.
            let last = users[3]
            try await testbed.produce([
                try message(last),
                try testbed.record(
                    WorkerTestRecords.echo(
                        pageID: WorkerTestbed.pageID, userID: last, mid: "echo-\(last)", appID: WorkerTestbed.botApp,
                        text: "re: q", timestamp: 1_700_000_001_000, metadata: Self.tag("m-\(last)"))),
            ])
            let second = try await testbed.startWorker(handler, configuration: configuration)
            try #require(await journal.wait { $0.completed.count >= 4 })
            let metrics = try await testbed.metrics(of: second)
            await second.stopGracefully()

            // Only the two records after the committed offsets were read, not the three before.
            #expect(metrics.value("worker_recovery_records_read_total") == 2)
            #expect(metrics.value("worker_recovered_side_effects_total") == 1)
            #expect(try await testbed.sends(to: last).isEmpty)
        }
    }

    @Test("a side-effect tag reads back from metadata; other metadata is not one")
    func tagRoundTrip() {
        let tag = SideEffectTag(eventID: "m_AbC:12-x", step: "reply")
        #expect(tag.description == "handover:v1:reply:m_AbC:12-x")
        #expect(SideEffectTag(metadata: tag.description) == tag)
        for other in [
            "", "handover-bot-worker", "handover:v1:", "handover:v1:reply", "handover:v1::m1", "handover:v1:reply:",
        ] {
            #expect(SideEffectTag(metadata: other) == nil, "\(other)")
        }
    }
}
