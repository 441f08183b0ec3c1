import Foundation
import MessengerPlatform
import Testing

@Suite("Event record value")
struct EventRecordTests {
    static let pageAppID: AppID = "1111"

    @Test(
        "Every item round-trips through the record value with its raw bytes untouched",
        arguments: [
            Payloads.message, Payloads.echo, Payloads.postbackWithoutPayload, Payloads.passFromIdle,
            Payloads.takeNumbers, Payloads.requestFromInbox, Payloads.appRoles, Payloads.unknown,
        ])
    func recordRoundTripKeepsRawEvent(_ itemJSON: String) throws {
        let item = try #require(try WebhookBody.split(Payloads.body(items: [itemJSON]).bytes).first)
        let record = EventRecord(item: item, appID: Self.pageAppID, receivedAt: 1_458_692_752_501)
        let encoded = record.encoded()
        let decoded = try EventRecord.decode(encoded)
        #expect(decoded == record)
        #expect(decoded.event == itemJSON.bytes)
        #expect(decoded.recordKey == item.recordKey)

        // The value is plain JSON with the contract's field names and types.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(encoded)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["id"] as? String == item.eventID)
        #expect(object["kind"] as? String == item.kind.rawValue)
        #expect(object["type"] as? String == item.type.rawValue)
        #expect(object["app_id"] as? String == "1111")
        #expect(object["page_id"] as? String == "PAGE1")
        #expect(object["received_at"] as? Int == 1_458_692_752_501)
        #expect(object["object"] as? String == "page")
        #expect(object["event"] is [String: Any])
        if let userID = item.userID {
            #expect(object["user_id"] as? String == userID)
        } else {
            #expect(object["user_id"] is NSNull)
        }
    }

    @Test func encodedValueHasTheContractFieldOrderAndRawEvent() throws {
        let item = try #require(try WebhookBody.split(Payloads.body(items: [Payloads.message]).bytes).first)
        let record = EventRecord(item: item, appID: Self.pageAppID, receivedAt: 5)
        let expected =
            #"{"version":1,"id":"m_1","kind":"messages","type":"message","app_id":"1111","page_id":"PAGE1","#
            + #""user_id":"USER1","timestamp":1458692752478,"received_at":5,"object":"page","event":"#
            + Payloads.message + "}"
        #expect(String(decoding: record.encoded(), as: UTF8.self) == expected)
    }

    @Test func rawEventWithEscapesAndWhitespaceIsByteIdenticalAfterRoundTrip() throws {
        let body = RawBytesAndEventIDTests.unusualBody.bytes
        for item in try WebhookBody.split(body) {
            let decoded = try EventRecord.decode(EventRecord(item: item, appID: "1", receivedAt: 0).encoded())
            #expect(decoded.event == Array(body[item.range]))
            #expect(decoded.messaging?.type == item.type)
        }
    }

    @Test func stringsAreEscapedCorrectly() throws {
        let record = EventRecord(
            id: "id \"q\" \\ / \n\r\t\u{08}\u{0C}\u{01}\u{1F} ä 😀", kind: .standby, type: .other, appID: "a\"b",
            pageID: "p\\", userID: "u\n", timestamp: nil, receivedAt: -1, object: "ob\u{7F}ject",
            event: #"[1,"two",{"3":null}]"#.bytes)
        let encoded = record.encoded()
        #expect(WebhookBody.isValidJSON(encoded))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(encoded)) as? [String: Any])
        #expect(object["id"] as? String == record.id)
        #expect(object["user_id"] as? String == "u\n")
        #expect(object["timestamp"] is NSNull)
        #expect(try EventRecord.decode(encoded) == record)
    }

    @Test func decodeAcceptsNumericIdsAndUnknownTypeAndExtraFields() throws {
        let value =
            #"{ "version":1, "id":"x", "kind":"handovers", "type":"future_type", "app_id":263902037430900, "#
            + #""page_id":12, "user_id":34, "timestamp":null, "received_at":7, "extra":[1,2], "event": {"a" : 1} }"#
        let record = try EventRecord.decode(value.bytes)
        #expect(record.type == .other)
        #expect(record.appID == .pageInbox)
        #expect(record.pageID == "12")
        #expect(record.userID == "34")
        #expect(record.timestamp == nil)
        #expect(record.object == "")
        #expect(record.event == #"{"a" : 1}"#.bytes)
    }

    @Test(
        "Broken record values are rejected with a reason",
        arguments: [
            ("not JSON", #"{"version":1"#),
            ("not an object", "[]"),
            (
                "missing kind",
                #"{"version":1,"id":"x","type":"message","app_id":"1","page_id":"p","received_at":1,"event":{}}"#
            ),
            (
                "unknown kind",
                #"{"version":1,"id":"x","kind":"nope","type":"message","app_id":"1","page_id":"p","received_at":1,"event":{}}"#
            ),
            (
                "id not a string",
                #"{"version":1,"id":5,"kind":"messages","type":"message","app_id":"1","page_id":"p","received_at":1,"event":{}}"#
            ),
            (
                "missing event",
                #"{"version":1,"id":"x","kind":"messages","type":"message","app_id":"1","page_id":"p","received_at":1}"#
            ),
            (
                "fractional received_at",
                #"{"version":1,"id":"x","kind":"messages","type":"message","app_id":"1","page_id":"p","received_at":1.5,"event":{}}"#
            ),
        ])
    func brokenRecordIsRejected(_ name: String, _ value: String) {
        #expect(throws: EventRecordDecodingError.self) { try EventRecord.decode(value.bytes) }
    }

    @Test func messagingGivesTheTypedEvent() throws {
        let item = try #require(try WebhookBody.split(Payloads.body(items: [Payloads.passNumbers]).bytes).first)
        let record = try EventRecord.decode(EventRecord(item: item, appID: "2", receivedAt: Date()).encoded())
        let pass = try #require(record.messaging?.passThreadControl)
        #expect(pass.newOwner == .pageInbox)
        #expect(pass.previousOwner == "1111")
        #expect(record.threadKey == ThreadKey(pageID: "PAGE1", userID: "USER1"))
    }
}
