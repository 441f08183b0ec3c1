import MessengerPlatform
import Testing

@Suite("Record headers and trace context")
struct RecordHeadersTests {
    @Test func headersCarryKindTypeAppEventAndTraceparent() throws {
        let item = try #require(try WebhookBody.split(Payloads.body(items: [Payloads.requestFromInbox]).bytes).first)
        let record = EventRecord(item: item, appID: "1111", receivedAt: 1)
        let headers = RecordHeaders(record: record)
        let fields = headers.fields
        #expect(fields.map(\.name) == ["kind", "type", "app-id", "event-id", "traceparent"])
        #expect(
            fields.map { String(decoding: $0.value, as: UTF8.self) }.prefix(4)
                == ["handovers", "request_thread_control", "1111", record.id])
        let traceparent = String(decoding: fields[4].value, as: UTF8.self)
        #expect(TraceParent(traceparent) != nil)
        #expect(RecordHeaders(fields: fields) == headers)
    }

    @Test func randomTraceparentIsWellFormedAndUnique() throws {
        let values = (0..<100).map { _ in TraceParent.random().description }
        #expect(Set(values).count == 100)
        for value in values {
            let parts = value.split(separator: "-")
            #expect(parts.count == 4)
            #expect(parts[0] == "00" && parts[3] == "01")
            #expect(parts[1].count == 32 && parts[2].count == 16)
            #expect(parts[1].allSatisfy { "0123456789abcdef".contains($0) })
            #expect(parts[2].allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test func childKeepsTheTraceAndChangesTheSpan() throws {
        let parent = try #require(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(parent.isSampled)
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.spanID != parent.spanID)
    }

    @Test(
        "Malformed traceparent values are rejected",
        arguments: [
            "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
        ])
    func malformedTraceparentIsRejected(_ value: String) {
        #expect(TraceParent(value) == nil)
    }

    @Test func parsingNeedsTheIdentifyingHeaders() {
        #expect(RecordHeaders(lookup: { _ in nil }) == nil)
        let partial = RecordHeaders(lookup: { name in name == "kind" ? Array("messages".utf8) : nil })
        #expect(partial == nil)
        let noTrace = RecordHeaders(fields: [
            ("kind", Array("standby".utf8)), ("type", Array("echo".utf8)),
            ("app-id", Array("1".utf8)), ("event-id", Array("m".utf8)), ("traceparent", Array("junk".utf8)),
        ])
        #expect(noTrace?.kind == .standby)
        #expect(noTrace?.traceparent == nil)
    }

    @Test func topicsFollowThePrefix() {
        #expect(
            EventKind.allCases.map { $0.topic(prefix: "messenger.") }
                == ["messenger.messages", "messenger.standby", "messenger.handovers", "messenger.app_role"])
        #expect(EventKind.appRole.topic(prefix: "test-1.") == "test-1.app_role")
        #expect(ThreadKey(recordKey: "PAGE1:USER1") == ThreadKey(pageID: "PAGE1", userID: "USER1"))
        #expect(ThreadKey(recordKey: "PAGE1") == nil)
    }
}
