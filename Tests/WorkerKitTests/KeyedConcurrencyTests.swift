import Foundation
import Kafka
import MessengerPlatform
import SimulatorClient
import TestSupport
import Testing
import WorkerKit

@Suite("Keyed concurrency")
struct KeyedConcurrencyTests {
    /// 200 threads × 20 interleaved messages, every answer a Send API call with 50 ms added latency.
    /// Each thread's events must be handled (and answered) in record order, never two at once, while
    /// different threads overlap: the total stays far below the sequential sum of the latencies.
    @Test func eventsOfOneThreadRunInOrderWhileThreadsRunConcurrently() async throws {
        try await WorkerTestbed.with(partitions: 8) { testbed in
            let threads = 200
            let perThread = 20
            let latency = Duration.milliseconds(50)
            let users = (0..<threads).map { String(format: "u%03d", $0) }
            try await testbed.createUsers(users)
            try await testbed.faultSends(FaultSetting(latencyMilliseconds: 50))
            let records = try testbed.interleavedMessages(users, perThread: perThread)
            let journal = HandlerJournal()
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal),
                configuration: testbed.configuration(concurrency: 64))
            try await testbed.produce(records)
            let total = threads * perThread
            let done = await journal.wait(timeout: .seconds(180)) { $0.completed.count >= total }
            await worker.stopGracefully()
            try #require(done, "only \(journal.snapshot.completed.count) of \(total) events handled")

            let state = journal.snapshot
            #expect(state.overlaps == 0, "two events of one thread ran at the same time")
            #expect(state.failed.isEmpty)
            var sequences: [String: [String]] = [:]
            for entry in state.started { sequences[entry.thread, default: []].append(entry.text ?? "") }
            let expected = (0..<perThread).map(String.init)
            for user in users {
                #expect(sequences["\(WorkerTestbed.pageID):\(user)"] == expected, "handler order of \(user)")
            }
            // The side effects are in order too: the simulator's transcript of sample threads.
            for user in users.prefix(20) {
                let sent = try await testbed.sends(to: user).map(\.text)
                #expect(sent == expected.map { Optional($0) }, "answers in \(user)'s thread")
            }

            // Reported, not asserted (the machines are shared): run one after another, the events
            // would take at least total × 50 ms.
            let first = state.started.count
            let elapsed = try #require(journal.elapsedFromFirstStartToLastCompletion)
            let sequentialSum = latency * total
            print(
                "keyed concurrency: \(total) events (\(first) handler calls), 50 ms Graph latency each:",
                "\(elapsed) vs sequential sum \(sequentialSum); at most \(state.maxRunning) at once")
            // Structural, not timed: many threads' events ran at once (the limit is the concurrency).
            #expect(state.maxRunning >= 8)
        }
    }
}
