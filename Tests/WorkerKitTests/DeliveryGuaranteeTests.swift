import Foundation
import Kafka
import MessengerPlatform
import SimulatorClient
import Synchronization
import TestSupport
import Testing
import WorkerKit

@Suite("At-least-once delivery and shutdown")
struct DeliveryGuaranteeTests {
    /// `threads` users writing `perThread` messages each, interleaved.
    private func conversation(_ testbed: WorkerTestbed, prefix: String, threads: Int, perThread: Int) async throws
        -> (users: [String], records: [KafkaProducerRecord])
    {
        let users = (0..<threads).map { "\(prefix)\($0)" }
        try await testbed.createUsers(users)
        return (users, try testbed.interleavedMessages(users, perThread: perThread))
    }

    /// Send API calls per event id (the answer's metadata), over every user's transcript.
    private func sendsPerEvent(_ testbed: WorkerTestbed, users: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for user in users {
            for sent in try await testbed.sends(to: user) { counts[sent.metadata ?? "", default: 0] += 1 }
        }
        return counts
    }

    /// A worker cancelled in the middle of its work (the in-process crash) and started again in the
    /// same group: every event is handled, none skipped; events below each partition's lowest
    /// unfinished offset were committed and are neither handled nor answered again.
    @Test func crashedWorkerResumesFromLowestUnfinishedOffsetWithoutRepeatingCommittedWork() async throws {
        try await WorkerTestbed.with { testbed in
            let (users, records) = try await conversation(testbed, prefix: "c", threads: 20, perThread: 15)
            try await testbed.faultSends(FaultSetting(latencyMilliseconds: 30))
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages], journal: journal)
            let configuration = testbed.configuration(concurrency: 8)

            let first = try await testbed.startWorker(handler, configuration: configuration)
            try await testbed.produce(records)
            let progressed = await journal.wait { $0.completed.count >= 100 }
            try #require(progressed)
            await first.crash()
            let completedInFirstRun = Set(journal.snapshot.completed.map(\.id))
            #expect(completedInFirstRun.count < records.count, "the crash came too late to leave work unfinished")

            journal.nextRun()
            let second = try await testbed.startWorker(handler, configuration: configuration)
            let all = Set(
                records.map { String(decoding: $0.headers.first { $0.key == "event-id" }!.value, as: UTF8.self) })
            let finished = await journal.wait(timeout: .seconds(120)) { state in
                all.isSubset(of: Set(state.completed.map(\.id)))
            }
            await second.stopGracefully()
            try #require(finished, "not every event was handled after the restart")

            let state = journal.snapshot
            var location: [String: (partition: Int32, offset: Int64)] = [:]
            for entry in state.started { location[entry.id] = (entry.partition, entry.offset) }
            var lowestUnfinished: [Int32: Int64] = [:]
            for (id, place) in location where !completedInFirstRun.contains(id) {
                lowestUnfinished[place.partition] = min(lowestUnfinished[place.partition] ?? .max, place.offset)
            }
            let handledAgain = Set(state.started.filter { $0.run == 2 }.map(\.id))
            let sends = try await sendsPerEvent(testbed, users: users)
            var committedBeforeCrash = 0
            for id in all {
                #expect((sends[id] ?? 0) >= 1, "event \(id) was never answered")
                let place = try #require(location[id])
                if place.offset < lowestUnfinished[place.partition] ?? .max {
                    committedBeforeCrash += 1
                    #expect(!handledAgain.contains(id), "committed event \(id) was handled again")
                    #expect(sends[id] == 1, "committed event \(id) was answered \(sends[id] ?? 0) times")
                }
            }
            #expect(committedBeforeCrash > 0)
            #expect(!handledAgain.isEmpty)
            print(
                "at-least-once: \(completedInFirstRun.count) events done before the crash,",
                "\(committedBeforeCrash) below the lowest unfinished offsets, \(handledAgain.count) handled after restart,",
                "\(sends.values.filter { $0 > 1 }.count) answered twice (all above the committed offsets)")
        }
    }

    /// SIGTERM's path: fetching stops, records already fetched finish, their offsets are committed;
    /// a worker started afterwards in the same group handles only what was never fetched.
    @Test func gracefulShutdownFinishesFetchedEventsAndCommitsThem() async throws {
        try await WorkerTestbed.with { testbed in
            let (_, records) = try await conversation(testbed, prefix: "g", threads: 10, perThread: 10)
            try await testbed.faultSends(FaultSetting(latencyMilliseconds: 100))
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages], journal: journal)
            let configuration = testbed.configuration(concurrency: 4)

            let first = try await testbed.startWorker(handler, configuration: configuration)
            try await testbed.produce(records)
            try #require(await journal.wait { $0.completed.count >= 8 })
            await first.stopGracefully()
            let afterStop = journal.snapshot
            #expect(Set(afterStop.started.map(\.id)) == Set(afterStop.completed.map(\.id)), "an event was abandoned")
            #expect(afterStop.failed.isEmpty)

            journal.nextRun()
            let second = try await testbed.startWorker(handler, configuration: configuration)
            let finished = await journal.wait(timeout: .seconds(120)) {
                Set($0.completed.map(\.id)).count == records.count
            }
            await second.stopGracefully()
            try #require(finished)
            let secondRun = Set(journal.snapshot.started.filter { $0.run == 2 }.map(\.id))
            #expect(
                secondRun.isDisjoint(with: Set(afterStop.completed.map(\.id))), "work done before SIGTERM was redone")
        }
    }

    /// A record still running when the drain timeout passes is abandoned: not committed, so the
    /// next worker of the group handles it.
    @Test func eventStillRunningAtDrainTimeoutIsRedeliveredAfterRestart() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["stuck"])
            let journal = HandlerJournal()
            let stuckOnce = StuckOnce()
            let handler = RecordingHandler(kinds: [.messages], journal: journal) { event, context in
                if event.id == "m-stuck" && stuckOnce.first() { try await Task.sleep(for: .seconds(3600)) }
                try await RecordingHandler.answer(event, context)
            }
            var configuration = testbed.configuration(concurrency: 2)
            configuration.drainTimeout = .milliseconds(500)
            let first = try await testbed.startWorker(handler, configuration: configuration)
            try await testbed.produce([
                try testbed.record(
                    WorkerTestRecords.message(
                        pageID: WorkerTestbed.pageID, userID: "stuck", mid: "m-stuck", text: "x", timestamp: 1))
            ])
            try #require(await journal.wait { $0.started.count == 1 })
            await first.stopGracefully()
            #expect(journal.snapshot.completed.isEmpty)

            journal.nextRun()
            let second = try await testbed.startWorker(handler, configuration: configuration)
            let redelivered = await journal.wait { $0.completed.contains { $0.id == "m-stuck" && $0.run == 2 } }
            await second.stopGracefully()
            #expect(redelivered)
            #expect(try await testbed.sends(to: "stuck").count == 1)
        }
    }
}

/// True the first time only.
final class StuckOnce: Sendable {
    private let used = Mutex(false)

    func first() -> Bool {
        used.withLock { used in
            defer { used = true }
            return !used
        }
    }
}
