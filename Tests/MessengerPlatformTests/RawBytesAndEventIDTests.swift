import MessengerPlatform
import Testing

@Suite("Raw item bytes and event ids")
struct RawBytesAndEventIDTests {
    /// Unusual whitespace (tabs, CR LF, spaces before colons) and escapes Meta uses (`\u00e4`, `\/`).
    static let unusualBody =
        "{ \"object\" :\t\"page\" ,\r\n \"entry\" : [ {\"id\":\"PAGE1\" , \"time\":1 ,\n\t\"messaging\" : [\r\n"
        + "  { \"sender\" : {\"id\":\"USER1\"}, \"recipient\":{ \"id\" :\"PAGE1\" } ,\"timestamp\":1,"
        + " \"message\" : { \"mid\":\"m_\\u00e4\", \"text\" : \"K\\u00e4se \\/ \\\"quoted\\\" \\ud83d\\ude00\" } }  ,"
        + "\t{\"sender\":{\"id\":\"USER1\"},\"read\":{\"watermark\":1}}\n ] } ] }\n"

    @Test func rawBytesAreExactlyTheItemAsSent() throws {
        let body = Self.unusualBody.bytes
        let items = try WebhookBody.split(body)
        try #require(items.count == 2)
        let first = items[0]
        #expect(first.raw == Array(body[first.range]))
        #expect(String(decoding: first.raw, as: UTF8.self).hasPrefix("{ \"sender\" : {\"id\":\"USER1\"}"))
        #expect(String(decoding: first.raw, as: UTF8.self).hasSuffix("\\ude00\" } }"))
        #expect(
            String(decoding: items[1].raw, as: UTF8.self)
                == "{\"sender\":{\"id\":\"USER1\"},\"read\":{\"watermark\":1}}")
        // The escapes stay escapes in the raw bytes, and decode to the right text.
        #expect(String(decoding: first.raw, as: UTF8.self).contains("K\\u00e4se"))
        let message = try #require(first.messaging?.message)
        #expect(message.text == "Käse / \"quoted\" 😀")
        #expect(message.mid == "m_ä")
        #expect(first.eventID == "m_ä")
    }

    @Test func everyPayloadFormIsCarriedByteForByte() throws {
        let all = [
            Payloads.message, Payloads.quickReply, Payloads.attachments, Payloads.echo, Payloads.echoStringAppID,
            Payloads.postback, Payloads.postbackWithoutPayload, Payloads.read, Payloads.delivery, Payloads.reaction,
            Payloads.referral, Payloads.optin, Payloads.policyEnforcement, Payloads.policyEnforcementHyphen,
            Payloads.passStrings, Payloads.passNumbers, Payloads.passFromIdle, Payloads.takeNumbers, Payloads.takeOld,
            Payloads.requestFromInbox, Payloads.appRoles, Payloads.unknown,
        ]
        let body =
            #"{"object":"page","entry":[{"id":"PAGE1","messaging":[\#(all.joined(separator: " , "))]},"#
            + #"{"id":"PAGE1","standby":[\#(all.joined(separator: ",\n"))]}]}"#
        let items = try WebhookBody.split(body.bytes)
        #expect(items.map { String(decoding: $0.raw, as: UTF8.self) } == all + all)
        #expect(items.prefix(all.count).allSatisfy { $0.placement == .messaging })
        #expect(items.suffix(all.count).allSatisfy { $0.kind == .standby })
    }

    @Test func midIsTheEventIDWhenPresent() throws {
        let items = try WebhookBody.split(
            Payloads.body(items: [Payloads.message, Payloads.postback, Payloads.echo, Payloads.read]).bytes)
        #expect(items.map(\.eventID).prefix(3) == ["m_1", "m_pb", "m_echo"])
        #expect(items[3].eventID == WebhookItem.hashedEventID(pageID: "PAGE1", raw: Payloads.read.bytes))
    }

    @Test func hashedEventIDIsSHA256OfPageNewlineAndRawBytes() {
        // Independent vector: sha256(b'PAGE1\n{"read":{"watermark":1}}').
        #expect(
            WebhookItem.hashedEventID(pageID: "PAGE1", raw: #"{"read":{"watermark":1}}"#.bytes)
                == "94ee07033beb4d9f23adf6b7283df2235be07d93ab20ff6466c760737ebde454")
    }

    @Test func redeliveredWebhookYieldsTheSameEventIDs() throws {
        let body = Payloads.body(items: [Payloads.passNumbers, Payloads.read, Payloads.appRoles, Payloads.unknown])
        let first = try WebhookBody.split(body.bytes).map(\.eventID)
        let again = try WebhookBody.split(body.bytes).map(\.eventID)
        #expect(first == again)
        #expect(Set(first).count == 4)
        // The same item in a different batch (other neighbours, other entry time) keeps its id too.
        let rebatched = try WebhookBody.split(Payloads.body(items: [Payloads.read]).bytes)
        #expect(rebatched.first?.eventID == first[1])
    }

    @Test func sameItemOnAnotherPageHasAnotherID() throws {
        let one = try WebhookBody.split(Payloads.body(page: #""P1""#, items: [Payloads.read]).bytes)
        let two = try WebhookBody.split(Payloads.body(page: #""P2""#, items: [Payloads.read]).bytes)
        #expect(one.first?.eventID != two.first?.eventID)
    }

    @Test func emptyMidFallsBackToTheHash() throws {
        let item = #"{"sender":{"id":"U"},"message":{"mid":"","text":"x"}}"#
        let split = try WebhookBody.split(Payloads.body(items: [item]).bytes)
        #expect(split.first?.eventID == WebhookItem.hashedEventID(pageID: "PAGE1", raw: item.bytes))
    }
}
