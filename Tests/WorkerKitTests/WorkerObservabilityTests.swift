import Foundation
import Kafka
import KafkaMockCluster
import MessengerPlatform
import MetricsReading
import ServiceKit
import Synchronization
import TestSupport
import Testing
import WorkerKit

@Suite("Health, readiness and metrics")
struct WorkerObservabilityTests {
    /// Records waiting behind a blocked handler show as `kafka_consumergroup_lag` of their topic
    /// and group; once they are handled and committed the lag returns to zero.
    @Test func consumerLagIsPublishedPerPartitionAndFallsBackToZero() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["l1"])
            let gate = Gate()
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages], journal: journal) { event, context in
                if event.messaging?.message?.text == "block" { await gate.wait() }
                try await RecordingHandler.answer(event, context)
            }
            let configuration = testbed.configuration()
            let worker = try await testbed.startWorker(handler, configuration: configuration)
            let message = { (index: Int, text: String) in
                try testbed.record(
                    WorkerTestRecords.message(
                        pageID: WorkerTestbed.pageID, userID: "l1", mid: "m-lag-\(index)", text: text,
                        timestamp: Int64(index)))
            }
            // A first commit, so the partition has a committed offset to measure from.
            try await testbed.produce(try (0..<3).map { try message($0, "warm-up") })
            try #require(await journal.wait { $0.completed.count == 3 })
            try await testbed.produce(try [message(3, "block")] + (4..<13).map { try message($0, "queued") })
            try #require(await journal.wait { $0.started.count == 4 })

            let labels = ["group": configuration.groupID, "topic": testbed.topics.messages]
            let lagging = try await WorkerTestbed.poll {
                (try await testbed.metrics(of: worker).value("kafka_consumergroup_lag", labels) ?? 0) >= 10
            }
            #expect(lagging, "the ten waiting records never showed as lag")
            gate.open()
            try #require(await journal.wait { $0.completed.count == 13 })
            let caughtUp = try await WorkerTestbed.poll {
                try await testbed.metrics(of: worker).value("kafka_consumergroup_lag", labels) == 0
            }
            #expect(caughtUp, "lag did not return to zero after the records were handled")
            let metrics = try await testbed.metrics(of: worker)
            #expect(metrics.value("worker_inflight_events") == 0)
            #expect((metrics.value("worker_handler_duration_seconds_count") ?? 0) >= 13)
            #expect(
                metrics.text.contains("graph_calls_total"), "the Graph client's metrics are on the worker's registry")
            await worker.stopGracefully()
        }
    }

    /// `/healthz` answers while the process runs; `/readyz` is 200 once the consumer joined its group
    /// and the broker answers, and 503 while the broker is down.
    @Test(.needsMockFaultInjection)
    func readinessFollowsGroupMembershipAndBrokerReachability() async throws {
        try await WorkerTestbed.with(broker: .mock) { testbed in
            let cluster = try #require(testbed.broker.cluster)
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: HandlerJournal()), configuration: testbed.configuration())
            #expect(try await testbed.get(worker.baseURL + "/healthz").status == 200)
            let ready = try await WorkerTestbed.poll { try await testbed.get(worker.baseURL + "/readyz").status == 200 }
            #expect(ready)
            #expect(try await testbed.get(worker.baseURL + "/readyz").body.contains(#""consumer_group":true"#))
            // Unreachable within the check's 1 s: a broker answering 5 s late (not a stopped one,
            // whose port could be taken by another test's socket before it comes back).
            cluster.setRoundTripTime(.seconds(5))
            let unready = try await WorkerTestbed.poll {
                try await testbed.get(worker.baseURL + "/readyz").status == 503
            }
            #expect(unready)
            cluster.setRoundTripTime(.zero)
            await worker.stopGracefully()
        }
    }
}

/// A latch handlers wait on until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
