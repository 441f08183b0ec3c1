import Foundation
import GraphAPI
import Kafka
import MessengerPlatform
import ServiceKit
import TestSupport
import Testing
import WorkerKit

@Suite("Failures, retries and dead letters")
struct DeadLetterTests {
    private func header(_ record: KafkaConsumerRecord, _ name: String) -> String? {
        record.header(name).map { String(decoding: $0, as: UTF8.self) }
    }

    private func message(_ testbed: WorkerTestbed, user: String, mid: String, text: String = "hi") throws
        -> KafkaProducerRecord
    {
        try testbed.record(
            WorkerTestRecords.message(pageID: WorkerTestbed.pageID, userID: user, mid: mid, text: text, timestamp: 1))
    }

    /// A record that is not JSON lands on `<topic>.dlq` byte for byte with its reason, and the next
    /// record of the same partition (the same thread, even) is handled.
    @Test func poisonRecordIsDeadLetteredAndThePartitionContinues() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["p1"])
            let journal = HandlerJournal()
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal), configuration: testbed.configuration())
            let key = "\(WorkerTestbed.pageID):p1"
            let poison = Array("this is not json {".utf8)
            try await testbed.produce([
                KafkaProducerRecord(
                    topic: testbed.topics.messages, key: key, value: poison,
                    headers: [KafkaHeader(key: "kind", value: "messages")]),
                try message(testbed, user: "p1", mid: "m-after-poison"),
            ])
            let continued = await journal.wait { $0.completed.contains { $0.id == "m-after-poison" } }
            let metrics = try await testbed.metrics(of: worker)
            await worker.stopGracefully()
            #expect(continued)

            let dead = try await testbed.broker.readAll(
                topic: testbed.topics.deadLetter(for: testbed.topics.messages), count: 1)
            let record = try #require(dead.first)
            #expect(record.value == poison)
            #expect(record.keyString == key)
            #expect(header(record, "kind") == "messages", "original headers are kept")
            #expect(header(record, "dlq-reason")?.hasPrefix("undecodable") == true)
            #expect(header(record, "dlq-attempts") == "0")
            #expect(header(record, "dlq-worker") == "worker-under-test")
            #expect(header(record, "dlq-source")?.hasPrefix("\(testbed.topics.messages)/") == true)
            #expect(
                metrics.value(
                    "worker_dlq_records_total", ["topic": testbed.topics.deadLetter(for: testbed.topics.messages)]) == 1
            )
            #expect(metrics.value("worker_events_total", ["type": "undecodable", "outcome": "dead_lettered"]) == 1)
        }
    }

    /// A Graph error that can never succeed (an unknown user) is not retried: one attempt, then the
    /// record goes to the DLQ with the Graph error as reason, and later records are handled.
    @Test func nonRetriableGraphErrorIsDeadLetteredAfterOneAttempt() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["known"])
            let journal = HandlerJournal()
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal), configuration: testbed.configuration())
            try await testbed.produce([
                try message(testbed, user: "ghost", mid: "m-ghost"),
                try message(testbed, user: "known", mid: "m-known"),
            ])
            let done = await journal.wait { $0.completed.contains { $0.id == "m-known" } && !$0.failed.isEmpty }
            #expect(done)
            let dead = try await testbed.broker.readAll(
                topic: testbed.topics.deadLetter(for: testbed.topics.messages), count: 1)
            await worker.stopGracefully()
            let record = try #require(dead.first)
            #expect(header(record, "event-id") == "m-ghost")
            #expect(header(record, "dlq-attempts") == "1")
            #expect(header(record, "dlq-reason")?.contains("GraphAPIError") == true)
            #expect(
                journal.snapshot.started.filter { $0.id == "m-ghost" }.count == 1, "a non-retriable error was retried")
        }
    }

    /// Two transient Graph failures (code 2, HTTP 503) then success: the worker retries within the
    /// record's turn, the user gets exactly one answer, nothing is dead-lettered.
    @Test func transientGraphFailureIsRetriedAndSucceeds() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["t1"])
            try await testbed.fault(#"{"endpoint":"messages","code2_share":1,"limit":2}"#)
            let journal = HandlerJournal()
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal), configuration: testbed.configuration())
            try await testbed.produce([try message(testbed, user: "t1", mid: "m-transient")])
            let done = await journal.wait { !$0.completed.isEmpty }
            let metrics = try await testbed.metrics(of: worker)
            await worker.stopGracefully()
            #expect(done)
            #expect(journal.snapshot.started.count == 3)
            #expect(journal.snapshot.failed.count == 2)
            #expect(try await testbed.sends(to: "t1").map(\.metadata) == ["m-transient"])
            #expect(metrics.value("worker_events_total", ["type": "message", "outcome": "retried"]) == 2)
            #expect(metrics.value("worker_events_total", ["type": "message", "outcome": "handled"]) == 1)
            #expect(metrics.value("worker_dlq_records_total") == nil)
        }
    }

    /// A failure that stays transient is retried up to the attempt limit, then dead-lettered with
    /// the number of attempts.
    @Test func transientFailureBeyondMaxAttemptsIsDeadLetteredWithAttemptCount() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["t2"])
            try await testbed.fault(#"{"endpoint":"messages","code2_share":1}"#)
            let journal = HandlerJournal()
            var configuration = testbed.configuration()
            configuration.retry.maxAttempts = 3
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal), configuration: configuration)
            try await testbed.produce([try message(testbed, user: "t2", mid: "m-exhausted")])
            let dead = try await testbed.broker.readAll(
                topic: testbed.topics.deadLetter(for: testbed.topics.messages), count: 1)
            await worker.stopGracefully()
            let record = try #require(dead.first)
            #expect(header(record, "dlq-attempts") == "3")
            #expect(header(record, "dlq-reason")?.contains("transient") == true)
            #expect(journal.snapshot.started.count == 3)
        }
    }
}
