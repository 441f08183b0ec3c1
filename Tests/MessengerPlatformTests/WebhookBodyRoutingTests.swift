import MessengerPlatform
import Testing

/// What one item of a body must split into.
struct ExpectedItem: Sendable, Equatable, CustomStringConvertible {
    var placement: WebhookItem.Placement
    var kind: EventKind
    var type: EventType
    var pageID: String = Payloads.pageID
    var userID: String? = Payloads.userID

    var recordKey: String { userID.map { "\(pageID):\($0)" } ?? pageID }
    var description: String { "\(placement)/\(kind)/\(type)/\(pageID)/\(userID ?? "nil")" }

    init(item: WebhookItem) {
        self.init(item.placement, item.kind, item.type, page: item.pageID, user: item.userID)
    }

    init(
        _ placement: WebhookItem.Placement, _ kind: EventKind, _ type: EventType, page: String = Payloads.pageID,
        user: String? = Payloads.userID
    ) {
        self.placement = placement
        self.kind = kind
        self.type = type
        self.pageID = page
        self.userID = user
    }
}

/// A body and the items it must split into, in order.
struct RoutingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var expected: [ExpectedItem]
    var testDescription: String { name }
}

@Suite("Webhook splitting and routing")
struct WebhookBodyRoutingTests {
    static let cases: [RoutingCase] = [
        RoutingCase(
            name: "message on messaging", body: Payloads.body(items: [Payloads.message]),
            expected: [.init(.messaging, .messages, .message)]),
        RoutingCase(
            name: "real standby capture", body: Payloads.standbyCapture,
            expected: [.init(.standby, .standby, .message)]),
        RoutingCase(
            name: "batched entries of two pages",
            body: #"{"object":"page","entry":[{"id":"PAGE1","time":1,"messaging":[\#(Payloads.message)]},"#
                + #"{"id":"PAGE2","time":2,"messaging":[\#(Payloads.postback)]}]}"#,
            expected: [.init(.messaging, .messages, .message), .init(.messaging, .messages, .postback, page: "PAGE2")]),
        RoutingCase(
            name: "several items per entry",
            body: Payloads.body(items: [Payloads.message, Payloads.read, Payloads.delivery, Payloads.quickReply]),
            expected: [
                .init(.messaging, .messages, .message), .init(.messaging, .messages, .read),
                .init(.messaging, .messages, .delivery), .init(.messaging, .messages, .message),
            ]),
        RoutingCase(
            name: "entry with only standby, postback without payload",
            body: Payloads.body("standby", items: [Payloads.postbackWithoutPayload, Payloads.message]),
            expected: [.init(.standby, .standby, .postback), .init(.standby, .standby, .message)]),
        RoutingCase(
            name: "standby entry first, messaging entry second",
            body: #"{"object":"page","entry":[{"id":"PAGE1","time":1,"standby":[\#(Payloads.message)]},"#
                + #"{"id":"PAGE1","time":2,"messaging":[\#(Payloads.passStrings),\#(Payloads.message)]}]}"#,
            expected: [
                .init(.standby, .standby, .message), .init(.messaging, .handovers, .passThreadControl),
                .init(.messaging, .messages, .message),
            ]),
        RoutingCase(
            name: "messaging entry first, standby entry second",
            body: #"{"object":"page","entry":[{"id":"PAGE1","time":1,"messaging":[\#(Payloads.message)]},"#
                + #"{"id":"PAGE1","time":2,"standby":[\#(Payloads.echo)]}]}"#,
            expected: [.init(.messaging, .messages, .message), .init(.standby, .standby, .echo)]),
        RoutingCase(
            name: "one entry with both arrays",
            body: #"{"object":"page","entry":[{"id":"PAGE1","time":1,"standby":[\#(Payloads.read)],"#
                + #""messaging":[\#(Payloads.takeNumbers)]}]}"#,
            expected: [.init(.standby, .standby, .read), .init(.messaging, .handovers, .takeThreadControl)]),
        RoutingCase(
            name: "echo on messaging: user is the recipient", body: Payloads.body(items: [Payloads.echo]),
            expected: [.init(.messaging, .messages, .echo)]),
        RoutingCase(
            name: "echo on standby stays standby", body: Payloads.body("standby", items: [Payloads.echoStringAppID]),
            expected: [.init(.standby, .standby, .echo)]),
        RoutingCase(
            name: "handover events with string and number ids",
            body: Payloads.body(items: [
                Payloads.passStrings, Payloads.passNumbers, Payloads.passFromIdle, Payloads.takeNumbers,
                Payloads.takeOld, Payloads.requestFromInbox,
            ]),
            expected: [
                .init(.messaging, .handovers, .passThreadControl), .init(.messaging, .handovers, .passThreadControl),
                .init(.messaging, .handovers, .passThreadControl), .init(.messaging, .handovers, .takeThreadControl),
                .init(.messaging, .handovers, .takeThreadControl),
                .init(.messaging, .handovers, .requestThreadControl),
            ]),
        RoutingCase(
            name: "handover event on standby goes to standby",
            body: Payloads.body("standby", items: [Payloads.passStrings]),
            expected: [.init(.standby, .standby, .passThreadControl)]),
        RoutingCase(
            name: "app_roles without sender is keyed by page", body: Payloads.body(items: [Payloads.appRoles]),
            expected: [.init(.messaging, .appRole, .appRoles, user: nil)]),
        RoutingCase(
            name: "other item types",
            body: Payloads.body(items: [
                Payloads.reaction, Payloads.referral, Payloads.optin, Payloads.policyEnforcement,
                Payloads.policyEnforcementHyphen,
            ]),
            expected: [
                .init(.messaging, .messages, .reaction), .init(.messaging, .messages, .referral),
                .init(.messaging, .messages, .optin), .init(.messaging, .messages, .policyEnforcement, user: nil),
                .init(.messaging, .messages, .policyEnforcement, user: nil),
            ]),
        RoutingCase(
            name: "unknown item kept as other", body: Payloads.body(items: [Payloads.unknown, "{}"]),
            expected: [.init(.messaging, .messages, .other), .init(.messaging, .messages, .other, user: nil)]),
        RoutingCase(
            name: "unknown item on standby stays standby", body: Payloads.body("standby", items: [Payloads.unknown]),
            expected: [.init(.standby, .standby, .other)]),
        RoutingCase(
            name: "entries without messaging or standby yield nothing and do not stop the rest",
            body: #"{"object":"page","entry":[{"id":"PAGE1","time":1,"changes":[{"field":"feed"}]},{"id":"PAGE1"},"#
                + #"{"id":"PAGE1","time":3,"messaging":null,"standby":[\#(Payloads.message)]}]}"#,
            expected: [.init(.standby, .standby, .message)]),
        RoutingCase(
            name: "page id as number", body: Payloads.body(page: "1234567890123456", items: [Payloads.read]),
            expected: [.init(.messaging, .messages, .read, page: "1234567890123456")]),
        RoutingCase(
            name: "numeric sender id", body: Payloads.body(items: [#"{"sender":{"id":987654321},"read":{}}"#]),
            expected: [.init(.messaging, .messages, .read, user: "987654321")]),
    ]

    @Test("Every item is split, classified by its own entry and keyed by its thread", arguments: cases)
    func itemsAreSplitClassifiedAndKeyed(_ routingCase: RoutingCase) throws {
        let items = try WebhookBody.split(routingCase.body.bytes)
        #expect(items.map(ExpectedItem.init(item:)) == routingCase.expected)
        for (item, expected) in zip(items, routingCase.expected) {
            #expect(item.recordKey == expected.recordKey)
            #expect(item.object == "page")
            #expect(item.threadKey?.description == expected.userID.map { _ in expected.recordKey })
        }
    }

    @Test func splitKeepsEveryBatchedItemNotOnlyTheFirst() throws {
        let items = (0..<250).map { i in
            #"{"sender":{"id":"U\#(i)"},"recipient":{"id":"PAGE1"},"timestamp":\#(i),"message":{"mid":"m_\#(i)"}}"#
        }
        let body = try WebhookBody(Payloads.body(items: items).bytes)
        #expect(body.items.count == 250)
        #expect(body.entryCount == 1)
        #expect(body.items.map(\.eventID) == (0..<250).map { "m_\($0)" })
        #expect(body.items.map(\.userID) == (0..<250).map { "U\($0)" })
        #expect(body.items.map(\.timestamp) == (0..<250).map { Int64($0) })
    }

    @Test func objectIsKeptWhateverItsValue() throws {
        let instagram = #"{"object":"instagram","entry":[{"id":"IG1","time":5,"messaging":[\#(Payloads.message)]}]}"#
        let body = try WebhookBody(instagram.bytes)
        #expect(body.object == "instagram")
        #expect(body.items.first?.object == "instagram")
        #expect(body.items.first?.pageID == "IG1")

        let noObject = try WebhookBody(#"{"entry":[]}"#.bytes)
        #expect(noObject.object == "")
        #expect(noObject.items.isEmpty)
    }

    @Test func timestampFallsBackToEntryTime() throws {
        let items = try WebhookBody.split(Payloads.body(items: [Payloads.delivery, Payloads.read]).bytes)
        #expect(items.map(\.timestamp) == [1_458_692_752_478, 6])
        #expect(items.map(\.entryTime) == [1_458_692_752_478, 1_458_692_752_478])
    }

    @Test func echoUserIsTheRecipientAndSenderIsThePage() throws {
        let item = try #require(try WebhookBody.split(Payloads.body(items: [Payloads.echo]).bytes).first)
        #expect(item.senderID == "PAGE1")
        #expect(item.recipientID == "USER1")
        #expect(item.userID == "USER1")
        #expect(item.recordKey == "PAGE1:USER1")
        #expect(item.type.isAnswerable == false)
    }

    @Test func appRolesIsKeyedByPageIDAlone() throws {
        let item = try #require(try WebhookBody.split(Payloads.body(items: [Payloads.appRoles]).bytes).first)
        #expect(item.userID == nil)
        #expect(item.threadKey == nil)
        #expect(item.recordKey == "PAGE1")
        #expect(item.kind.topic(prefix: "messenger.") == "messenger.app_role")
    }

    @Test func escapedKeysAreMatchedByTheirDecodedText() throws {
        // "\u0065ntry" is "entry", "m\u0065ssaging" is "messaging": JSON allows escaping any key.
        let body =
            #"{"\u006fbject":"page","\u0065ntry":[{"id":"PAGE1","m\u0065ssaging":[{"sender":{"id":"U"},"\u0072ead":{}}]}]}"#
        let items = try WebhookBody.split(body.bytes)
        #expect(items.map(ExpectedItem.init(item:)) == [.init(.messaging, .messages, .read, user: "U")])
        #expect(items.first?.object == "page")
    }
}
