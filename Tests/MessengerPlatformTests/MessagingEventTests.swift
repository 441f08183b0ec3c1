import MessengerPlatform
import Testing

@Suite("Typed messaging events")
struct MessagingEventTests {
    @Test(
        "The typed view has the same type as the splitter",
        arguments: [
            (Payloads.message, EventType.message), (Payloads.echo, .echo), (Payloads.postback, .postback),
            (Payloads.read, .read), (Payloads.delivery, .delivery), (Payloads.reaction, .reaction),
            (Payloads.referral, .referral), (Payloads.optin, .optin), (Payloads.policyEnforcement, .policyEnforcement),
            (Payloads.policyEnforcementHyphen, .policyEnforcement), (Payloads.passStrings, .passThreadControl),
            (Payloads.takeNumbers, .takeThreadControl), (Payloads.requestFromInbox, .requestThreadControl),
            (Payloads.appRoles, .appRoles), (Payloads.unknown, .other),
        ])
    func typedViewAgreesWithSplitter(_ json: String, _ type: EventType) throws {
        let event = try MessagingEvent(json: json.bytes)
        #expect(event.type == type)
        let item = try #require(try WebhookBody.split(Payloads.body(items: [json]).bytes).first)
        #expect(item.type == type)
        #expect(item.messaging?.userID == item.userID)
    }

    @Test func messageFields() throws {
        let quick = try MessagingEvent(json: Payloads.quickReply.bytes)
        #expect(quick.sender?.id == "USER1")
        #expect(quick.recipient?.id == "PAGE1")
        #expect(quick.timestamp == 2)
        #expect(quick.message?.text == "Red")
        #expect(quick.message?.quickReplyPayload == "COLOR_RED")
        #expect(quick.message?.isEcho == false)

        let attachments = try MessagingEvent(json: Payloads.attachments.bytes)
        #expect(attachments.message?.attachmentTypes == ["image", "fallback", "ig_reel"])
        #expect(attachments.message?.attachments.first?.url == "https://x/y.png")
        #expect(attachments.message?.attachments[1].url == nil)
    }

    @Test func echoCarriesAppIDAsNumberOrString() throws {
        let number = try MessagingEvent(json: Payloads.echo.bytes)
        let string = try MessagingEvent(json: Payloads.echoStringAppID.bytes)
        #expect(number.message?.isEcho == true)
        #expect(number.message?.appID == .pageInbox)
        #expect(string.message?.appID == .pageInbox)
        #expect(number.message?.metadata == "agent")
        #expect(number.userID == "USER1")
    }

    @Test func postbackOnStandbyHasNoPayload() throws {
        let event = try MessagingEvent(json: Payloads.postbackWithoutPayload.bytes)
        #expect(event.postback?.title == "Start")
        #expect(event.postback?.payload == nil)
        #expect(event.postback?.mid == nil)
    }

    @Test(
        "Handover ids decode equally from strings and numbers",
        arguments: [Payloads.passStrings, Payloads.passNumbers])
    func passThreadControlIDs(_ json: String) throws {
        let pass = try #require(try MessagingEvent(json: json.bytes).passThreadControl)
        #expect(pass.previousOwner == AppID("1111"))
        #expect(pass.newOwner == .pageInbox)
        #expect(pass.newOwner.rawValue == "263902037430900")
    }

    @Test func passFromIdleThreadHasNoPreviousOwner() throws {
        let pass = try #require(try MessagingEvent(json: Payloads.passFromIdle.bytes).passThreadControl)
        #expect(pass.previousOwner == nil)
        #expect(pass.newOwner == "2222")
        #expect(pass.metadata == nil)
    }

    @Test func takeAndRequest() throws {
        let take = try #require(try MessagingEvent(json: Payloads.takeNumbers.bytes).takeThreadControl)
        #expect(take.previousOwner == .pageInbox)
        #expect(take.newOwner == "1111")
        #expect(take.metadata == "bot back")
        let old = try #require(try MessagingEvent(json: Payloads.takeOld.bytes).takeThreadControl)
        #expect(old.previousOwner == "2222")
        #expect(old.newOwner == nil)
        let request = try #require(try MessagingEvent(json: Payloads.requestFromInbox.bytes).requestThreadControl)
        #expect(request.requestedOwner == .pageInbox)
        #expect(request.metadata == "agent wants it")
    }

    @Test func appRolesHaveNoSenderAndAppIDKeys() throws {
        let event = try MessagingEvent(json: Payloads.appRoles.bytes)
        #expect(event.sender == nil)
        #expect(event.userID == nil)
        #expect(event.appRoles?[.pageInbox] == ["secondary_receiver"])
        #expect(event.appRoles?["1111"] == ["primary_receiver"])
    }

    @Test func otherPayloads() throws {
        #expect(try MessagingEvent(json: Payloads.read.bytes).read?.watermark == 1_458_668_856_253)
        #expect(try MessagingEvent(json: Payloads.delivery.bytes).delivery?.mids == ["m_1"])
        let reaction = try MessagingEvent(json: Payloads.reaction.bytes).reaction
        #expect(reaction?.emoji == "\u{2764}")
        #expect(reaction?.reaction == "love")
        #expect(try MessagingEvent(json: Payloads.referral.bytes).referral?.source == "SHORTLINK")
        #expect(try MessagingEvent(json: Payloads.optin.bytes).optin?.userRef == "UR1")
        #expect(try MessagingEvent(json: Payloads.policyEnforcement.bytes).policyEnforcement?.action == "block")
        #expect(try MessagingEvent(json: Payloads.policyEnforcementHyphen.bytes).policyEnforcement?.action == "unblock")
    }

    @Test func fieldsOfUnexpectedShapeReadAsNilInsteadOfFailing() throws {
        let odd =
            #"{"sender":{"id":12345},"recipient":"weird","timestamp":"77","message":{"mid":"m","text":5,"is_echo":"yes","#
            + #""attachments":[{"type":"image"},7,{"payload":null}]},"pass_thread_control":{"previous_owner_app_id":true}}"#
        let event = try MessagingEvent(json: odd.bytes)
        #expect(event.sender?.id == "12345")
        #expect(event.recipient == nil)
        #expect(event.timestamp == 77)
        #expect(event.message?.mid == "m")
        #expect(event.message?.text == nil)
        #expect(event.message?.isEcho == false)
        #expect(event.message?.attachmentTypes == ["image", ""])
        #expect(event.passThreadControl == nil)
        #expect(event.type == .passThreadControl)
    }

    @Test func aThreadControlEventWithoutItsRequiredAppIDReadsAsNilButKeepsItsType() throws {
        let take = try MessagingEvent(json: #"{"take_thread_control":{"new_owner_app_id":"1","metadata":"m"}}"#.bytes)
        #expect(take.takeThreadControl == nil)
        #expect(take.type == .takeThreadControl)
        let request = try MessagingEvent(json: #"{"request_thread_control":{"requested_owner_app_id":null}}"#.bytes)
        #expect(request.requestThreadControl == nil)
        #expect(request.type == .requestThreadControl)
        let pass = try MessagingEvent(json: #"{"pass_thread_control":{"new_owner_app_id":"263902037430900"}}"#.bytes)
        #expect(pass.passThreadControl?.newOwner == AppID("263902037430900"))
    }

    @Test func notAnObjectThrows() {
        #expect(throws: (any Error).self) { try MessagingEvent(json: "[1]".bytes) }
        #expect(throws: (any Error).self) { try MessagingEvent(json: "{".bytes) }
    }
}
