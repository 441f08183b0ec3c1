import Foundation
import Kafka
import MessengerPlatform
import MetricsReading
import Synchronization
import TestSupport
import Testing
import WorkerKit

@Suite("Thread ownership view")
struct OwnershipViewTests {
    /// Handover events and the placement of user messages keep the view: after a pass to us and a
    /// take by the Page Inbox, both threads' owners are known without a single `thread_owner` call;
    /// a message this app got in `messaging` says it owns that thread, one on standby that it does
    /// not. A thread the view forgot costs one lookup, then is remembered; our own successful pass
    /// updates the view without a lookup.
    @Test func ownershipIsAnsweredFromHandoverEventsAndOwnCallsWithoutGraphLookups() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["o1", "o2", "o3", "o4"])
            let page = WorkerTestbed.pageID
            // Real times: a user message's ownership news lapses a day after it.
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            let answers = Mutex<[String: Bool]>([:])
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages, .standby, .handovers], journal: journal) {
                event, context in
                guard event.type == .message, let thread = event.thread else { return }
                if event.messaging?.message?.text == "pass" {
                    try await context.passThreadControl(thread, to: .pageInbox, metadata: "to agents")
                }
                let isOwner = try await context.ownership.isThreadOwner(thread)
                answers.withLock { $0[event.id] = isOwner }
            }
            let worker = try await testbed.startWorker(handler, configuration: testbed.configuration())
            try await testbed.produce([
                try testbed.record(
                    WorkerTestRecords.pass(
                        pageID: page, userID: "o1", previousOwner: nil, newOwner: WorkerTestbed.botApp,
                        timestamp: now - 20)),
                try testbed.record(
                    WorkerTestRecords.take(
                        pageID: page, userID: "o2", previousOwner: WorkerTestbed.botApp,
                        newOwner: AppID.pageInbox.rawValue,
                        timestamp: now - 20)),
            ])
            // Handovers and messages are different topics: let the handovers land first.
            try #require(await journal.wait { $0.completed.count == 2 })
            let message = { (user: String, mid: String, text: String) in
                try testbed.record(
                    WorkerTestRecords.message(pageID: page, userID: user, mid: mid, text: text, timestamp: now - 10))
            }
            // The Inbox owns o2, so Meta sends the bot its messages on standby.
            let standby = try testbed.record(
                WorkerTestRecords.message(pageID: page, userID: "o2", mid: "m-o2", text: "check", timestamp: now - 10),
                placement: .standby)
            try await testbed.produce([
                try message("o1", "m-o1", "check"), standby,
                try message("o3", "m-o3a", "check"),
                try message("o3", "m-o3b", "again"), try message("o4", "m-o4", "pass"),
            ])
            let done = await journal.wait { $0.completed.count == 7 }
            let o3 = ThreadKey(pageID: page, userID: "o3")
            let sourceBeforeLookup = worker.runtime.ownership.cachedOwner(of: o3)?.source
            let callsBeforeLookup = try await testbed.graphCalls("thread_owner")
            worker.runtime.ownership.forget(o3)
            let lookedUp = try await worker.runtime.ownership.isThreadOwner(o3)
            let metrics = try await testbed.metrics(of: worker)
            await worker.stopGracefully()
            try #require(done)

            #expect(
                answers.withLock { $0 } == ["m-o1": true, "m-o2": false, "m-o3a": true, "m-o3b": true, "m-o4": false])
            #expect(callsBeforeLookup == 0, "every answer came from events")
            #expect(try await testbed.graphCalls("pass_thread_control") == 1)
            let view = worker.runtime.ownership
            let thread = { (user: String) in ThreadKey(pageID: page, userID: user) }
            #expect(view.cachedOwner(of: thread("o1"))?.source == .event)
            #expect(view.cachedOwner(of: thread("o2"))?.owner == .pageInbox)
            #expect(sourceBeforeLookup == .event, "its message came in messaging")
            #expect(lookedUp, "the primary holds o3 in handover mode")
            #expect(try await testbed.graphCalls("thread_owner") == 1, "the forgotten thread needed one lookup")
            #expect(view.cachedOwner(of: thread("o3"))?.source == .lookup)
            #expect(view.cachedOwner(of: thread("o4"))?.owner == .pageInbox)
            #expect(view.cachedOwner(of: thread("o4"))?.source == .call)
            #expect(metrics.value("handovers_total", ["type": "pass_thread_control"]) == 1)
        }
    }

    /// Older news never overwrites newer: a pass with an earlier timestamp arriving late (from
    /// another app's webhook) leaves the later owner in place.
    @Test func laterHandoverWinsOverAnEarlierOneArrivingLate() async throws {
        try await WorkerTestbed.with { testbed in
            let page = WorkerTestbed.pageID
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.handovers], journal: journal) { _, _ in }
            let worker = try await testbed.startWorker(handler, configuration: testbed.configuration())
            try await testbed.produce([
                try testbed.record(
                    WorkerTestRecords.pass(
                        pageID: page, userID: "o5", previousOwner: WorkerTestbed.botApp,
                        newOwner: WorkerTestbed.agentApp,
                        timestamp: 200)),
                try testbed.record(
                    WorkerTestRecords.pass(
                        pageID: page, userID: "o5", previousOwner: nil, newOwner: WorkerTestbed.botApp, timestamp: 100),
                    appID: WorkerTestbed.agentApp),
                // A request changes no owner; handled after the late pass (same thread, same lane).
                try testbed.record(
                    WorkerTestRecords.request(
                        pageID: page, userID: "o5", requestedOwner: AppID.pageInbox.rawValue, timestamp: 300)),
            ])
            // The late pass is another app's record: it reaches no handler, but the view sees it.
            let done = await journal.wait { $0.completed.count == 2 }
            try #require(done)
            await worker.stopGracefully()
            let owner = worker.runtime.ownership.cachedOwner(of: ThreadKey(pageID: page, userID: "o5"))
            #expect(owner?.owner == AppID(WorkerTestbed.agentApp))
        }
    }
}
