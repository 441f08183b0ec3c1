import Kafka
import MessengerPlatform
import SimulatorClient
import Synchronization
import TestSupport
import Testing
import WorkerKit

/// One webhook can be followed across services: the worker continues the trace the ingress put
/// in the record's `traceparent` header, in its logs and in the calls it makes for the event.
@Suite("Trace propagation")
struct TracePropagationTests {
    @Test func aHandlerWorksInAChildSpanOfTheRecordsTrace() async throws {
        try await WorkerTestbed.with { testbed in
            try await testbed.createUsers(["t1"])
            let page = WorkerTestbed.pageID
            let traced = try testbed.record(
                WorkerTestRecords.message(pageID: page, userID: "t1", mid: "m-traced", text: "one", timestamp: 1))
            var untraced = try testbed.record(
                WorkerTestRecords.message(pageID: page, userID: "t1", mid: "m-untraced", text: "two", timestamp: 2))
            untraced.headers.removeAll { $0.key == RecordHeaders.Name.traceparent }
            let header = try #require(traced.headers.first { $0.key == RecordHeaders.Name.traceparent })
            let parent = try #require(TraceParent(String(decoding: header.value, as: UTF8.self)))

            let seen = Mutex<[String: (current: TraceParent?, event: TraceParent)]>([:])
            let journal = HandlerJournal()
            let handler = RecordingHandler(kinds: [.messages], journal: journal) { event, context in
                seen.withLock { $0[event.id] = (TraceParent.current, event.trace) }
                try await RecordingHandler.answer(event, context)
            }
            let worker = try await testbed.startWorker(handler, configuration: testbed.configuration())
            try await testbed.produce([traced, untraced])
            let done = await journal.wait { $0.completed.contains { $0.id == "m-untraced" } }
            await worker.stopGracefully()
            #expect(done)

            let spans = seen.withLock { $0 }
            let child = try #require(spans["m-traced"])
            #expect(child.current == child.event)
            #expect(child.event.traceID == parent.traceID)
            #expect(child.event.spanID != parent.spanID)
            // A record without the header starts a trace of its own.
            let fresh = try #require(spans["m-untraced"])
            #expect(fresh.current == fresh.event)
            #expect(fresh.event.traceID != parent.traceID)
            #expect(try await testbed.sends(to: "t1").map(\.text) == ["one", "two"])
        }
    }
}
