import Foundation
import Kafka
import MessengerPlatform
import MetricsReading
import SimulatorClient
import TestSupport
import Testing
import WorkerKit

@Suite("What reaches a handler")
struct EventFilteringTests {
    /// One thread, in order: a message another app's webhook received, an echo of our own send, a
    /// read, a delivery, a message for us, the same message again (a redelivered webhook), and a
    /// last message. A sending handler sees only the two messages for us, once each.
    @Test func otherAppsEchoesReadsDeliveriesAndDuplicatesNeverReachASendingHandler() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["f1"])
            let page = WorkerTestbed.pageID
            let mine = try testbed.record(
                WorkerTestRecords.message(pageID: page, userID: "f1", mid: "m-mine", text: "one", timestamp: 5))
            let records = [
                try testbed.record(
                    WorkerTestRecords.message(pageID: page, userID: "f1", mid: "m-theirs", text: "x", timestamp: 1),
                    appID: WorkerTestbed.agentApp),
                try testbed.record(
                    WorkerTestRecords.echo(
                        pageID: page, userID: "f1", mid: "m-echo", appID: WorkerTestbed.botApp, text: "x", timestamp: 2)
                ),
                try testbed.record(WorkerTestRecords.read(pageID: page, userID: "f1", timestamp: 3)),
                try testbed.record(WorkerTestRecords.delivery(pageID: page, userID: "f1", timestamp: 4)),
                mine,
                mine,
                try testbed.record(
                    WorkerTestRecords.message(pageID: page, userID: "f1", mid: "m-last", text: "two", timestamp: 6)),
            ]
            let journal = HandlerJournal()
            let worker = try await testbed.startWorker(
                RecordingHandler(kinds: [.messages], journal: journal), configuration: testbed.configuration())
            try await testbed.produce(records)
            // Same thread, same partition, one lane: once the last is done, every earlier one was seen.
            let done = await journal.wait { $0.completed.contains { $0.id == "m-last" } }
            let metrics = try await testbed.metrics(of: worker)
            await worker.stopGracefully()
            #expect(done)
            #expect(journal.snapshot.started.map(\.id) == ["m-mine", "m-last"])
            #expect(try await testbed.sends(to: "f1").map(\.text) == ["one", "two"])
            #expect(metrics.value("worker_events_total", ["outcome": "skipped_other_app"]) == 1)
            #expect(metrics.value("worker_events_total", ["type": "echo", "outcome": "skipped_passive"]) == 1)
            #expect(metrics.value("worker_events_total", ["type": "read", "outcome": "skipped_passive"]) == 1)
            #expect(metrics.value("worker_events_total", ["type": "delivery", "outcome": "skipped_passive"]) == 1)
            #expect(metrics.value("worker_events_total", ["type": "message", "outcome": "duplicate"]) == 1)
            #expect(metrics.value("worker_events_total", ["type": "message", "outcome": "handled"]) == 2)
        }
    }

    /// A handler that asks for passive events (an analytics worker, say) gets echoes, reads and
    /// deliveries; records of other apps still stay out unless it accepts all apps.
    @Test func handlerAskingForPassiveEventsReceivesThem() async throws {
        try await WorkerTestbed.with { testbed in
            let page = WorkerTestbed.pageID
            let records = [
                try testbed.record(
                    WorkerTestRecords.echo(
                        pageID: page, userID: "f2", mid: "m-echo", appID: WorkerTestbed.botApp, text: "x", timestamp: 1)
                ),
                try testbed.record(WorkerTestRecords.read(pageID: page, userID: "f2", timestamp: 2)),
                try testbed.record(
                    WorkerTestRecords.message(pageID: page, userID: "f2", mid: "m-theirs", text: "x", timestamp: 3),
                    appID: WorkerTestbed.agentApp),
                try testbed.record(WorkerTestRecords.delivery(pageID: page, userID: "f2", timestamp: 4)),
            ]
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages], receivesPassiveEvents: true, journal: journal) { _, _ in
            }
            let worker = try await testbed.startWorker(handler, configuration: testbed.configuration())
            try await testbed.produce(records)
            let done = await journal.wait { $0.completed.contains { $0.type == "delivery" } }
            await worker.stopGracefully()
            #expect(done)
            #expect(journal.snapshot.started.map(\.type) == ["echo", "read", "delivery"])
        }
    }
}
