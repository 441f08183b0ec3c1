import Foundation
import Testing

@testable import MessengerPlatform

/// Ids and keys an attacker controls: what reaches record keys and headers, and one rule for
/// duplicate keys.
@Suite struct UntrustedIDTests {
    static func body(item: String, entryExtra: String = "") -> [UInt8] {
        Array(#"{"object":"page","entry":[{"id":"55","time":1\#(entryExtra),"messaging":[\#(item)]}]}"#.utf8)
    }

    @Test func midWithControlCharactersNeverBecomesTheEventID() throws {
        let item =
            #"{"sender":{"id":"9"},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_1\r\nX-Evil: 1","text":"hi"}}"#
        let parsed = try WebhookBody.split(Self.body(item: item))
        #expect(parsed.count == 1)
        #expect(parsed[0].eventID == WebhookItem.hashedEventID(pageID: "55", raw: parsed[0].raw))
        #expect(!parsed[0].eventID.utf8.contains { $0 < 0x20 })
        let record = EventRecord(item: parsed[0], appID: AppID("1"), receivedAt: 1)
        let header = RecordHeaders(record: record).fields.first { $0.name == "event-id" }?.value ?? []
        #expect(!header.contains(0x0D) && !header.contains(0x0A))
    }

    @Test func duplicatedMessagingKeyIsRefusedNotSplitTwice() {
        let item = #"{"sender":{"id":"9"},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_1"}}"#
        let body = Array(
            #"{"object":"page","entry":[{"id":"55","time":1,"messaging":[\#(item)],"messaging":[\#(item)]}]}"#.utf8)
        #expect(throws: WebhookParseError.self) { try WebhookBody.split(body) }
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, #"[{"x":{"id":"1","id":"2"}}]"#,
    ])
    func duplicateKeysAreRefusedAtEveryDepth(_ json: String) {
        #expect(!WebhookBody.isValidJSON(Array(json.utf8)))
    }

    @Test func sameKeyInSiblingObjectsIsFine() {
        #expect(WebhookBody.isValidJSON(Array(#"[{"id":"1"},{"id":"2"}]"#.utf8)))
    }

    @Test(arguments: ["1e99999999", "-5", "1.5", "123456789012345678901234567890"])
    func idsInOtherNumberFormsAreNotIDsForTheSplitterNorTheTypedView(_ literal: String) throws {
        let item = #"{"sender":{"id":\#(literal)},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_1"}}"#
        let parsed = try WebhookBody.split(Self.body(item: item))
        #expect(parsed[0].userID == nil)
        #expect(parsed[0].recordKey == "55")
        #expect(parsed[0].messaging?.userID == nil)
    }

    @Test func largeIntegerIDAgreesBetweenRecordKeyAndTypedView() throws {
        let item =
            #"{"sender":{"id":9223372036854775807},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_1"}}"#
        let parsed = try WebhookBody.split(Self.body(item: item))
        #expect(parsed[0].userID == "9223372036854775807")
        #expect(parsed[0].messaging?.userID == parsed[0].userID)
    }
}
