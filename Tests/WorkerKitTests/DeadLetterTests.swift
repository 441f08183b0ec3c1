import Foundation
import GraphAPI
import Kafka
import MessengerPlatform
import MetricsReading
import ServiceKit
import SimulatorClient
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
            try await testbed.faultSends(FaultSetting(temporaryErrorShare: 1, limit: 2))
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
            try await testbed.faultSends(FaultSetting(temporaryErrorShare: 1))
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

    /// One retry budget per record: with a Graph client configured for 4 attempts and a record
    /// budget of 3, a Send that keeps failing is called 3 times, not 12; the runtime retries.
    @Test func theRecordsRetriesAreItsWholeBudgetNotNestedInTheClients() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["t3"])
            try await testbed.faultSends(FaultSetting(temporaryErrorShare: 1))
            var configuration = testbed.configuration()
            configuration.retry.maxAttempts = 3
            configuration.graph.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1))
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: HandlerJournal()), configuration: configuration)
            try await testbed.produce([try message(testbed, user: "t3", mid: "m-budget")])
            let dead = try await testbed.broker.readAll(
                topic: testbed.topics.deadLetter(for: testbed.topics.messages), count: 1)
            await worker.stopGracefully()
            #expect(header(try #require(dead.first), "dlq-attempts") == "3")
            #expect(try await testbed.graphCalls("messages") == 3)
        }
    }

    /// A record too large for its dead-letter topic still goes there, without its value: its reason,
    /// its source and its size are kept, and the partition moves on.
    @Test func recordTooLargeForTheDeadLetterTopicGoesThereWithoutItsValue() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["big"])
            let journal = HandlerJournal()
            var configuration = testbed.configuration()
            // The dead-letter producer refuses records over 4000 bytes (as a broker's topic limit would).
            configuration.kafka.properties["message.max.bytes"] = "4000"
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal), configuration: configuration)
            let key = "\(WorkerTestbed.pageID):big"
            let poison = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
            try await testbed.produce([
                KafkaProducerRecord(topic: testbed.topics.messages, key: key, value: poison),
                try message(testbed, user: "big", mid: "m-after-big"),
            ])
            let continued = await journal.wait { $0.completed.contains { $0.id == "m-after-big" } }
            let dead = try await testbed.broker.readAll(
                topic: testbed.topics.deadLetter(for: testbed.topics.messages), count: 1)
            let metrics = try await testbed.metrics(of: worker)
            await worker.stopGracefully()
            #expect(continued, "the partition moved on")
            let record = try #require(dead.first)
            #expect(record.value.isEmpty)
            #expect(record.keyString == key)
            #expect(header(record, "dlq-value-omitted")?.hasPrefix("10000 bytes") == true)
            #expect(header(record, "dlq-reason")?.hasPrefix("undecodable") == true)
            #expect(header(record, "dlq-source")?.hasPrefix("\(testbed.topics.messages)/") == true)
            let dlq = testbed.topics.deadLetter(for: testbed.topics.messages)
            #expect(metrics.value("worker_dlq_produce_failures_total", ["topic": dlq]) == 1)
            #expect(metrics.value("worker_dlq_records_total", ["topic": dlq]) == 1)
            #expect(metrics.value("worker_dlq_stuck_partitions") == 0)
        }
    }

    /// A record the worker cannot dead-letter at all (here its key alone is over the dead-letter
    /// producer's size limit) holds its partition and is never dropped: after the configured
    /// failures the worker is unready and says how many partitions are stuck; a worker of the same
    /// group with a working dead-letter path later dead-letters that very record.
    @Test func recordThatCannotBeDeadLetteredMakesTheWorkerUnreadyAndIsNeverDropped() async throws {
        try await WorkerTestbed.with { testbed in
            let dlq = testbed.topics.deadLetter(for: testbed.topics.messages)
            let key = String(repeating: "k", count: 1_500)
            let poison = Array("not json".utf8)
            try await testbed.produce([KafkaProducerRecord(topic: testbed.topics.messages, key: key, value: poison)])
            var configuration = testbed.configuration()
            configuration.deadLetterFailuresBeforeUnready = 3
            var cramped = configuration
            cramped.kafka.properties["message.max.bytes"] = "1000"
            let stuckWorker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: HandlerJournal()), configuration: cramped)
            let unready = try await WorkerTestbed.poll {
                let readiness = try await testbed.get(stuckWorker.baseURL + "/readyz")
                return readiness.status == 503 && readiness.body.contains(#""dead_letters":false"#)
            }
            let stuck = try await testbed.metrics(of: stuckWorker)
            await stuckWorker.stopGracefully()
            #expect(unready, "the worker never reported the stuck partition")
            #expect(stuck.value("worker_dlq_stuck_partitions") == 1)
            #expect((stuck.value("worker_dlq_produce_failures_total", ["topic": dlq]) ?? 0) >= 3)
            #expect(stuck.value("worker_dlq_records_total") == nil)

            // The record's offset was never stored: the next member of the group reads it again.
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: HandlerJournal()), configuration: configuration)
            let dead = try await testbed.broker.readAll(topic: dlq, count: 1)
            #expect(try await WorkerTestbed.poll { try await testbed.get(worker.baseURL + "/readyz").status == 200 })
            await worker.stopGracefully()
            #expect(dead.first?.value == poison, "the record was kept until it could be dead-lettered")
            #expect(dead.first?.keyString == key)
        }
    }
}
