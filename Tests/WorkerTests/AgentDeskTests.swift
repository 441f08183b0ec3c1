import AgentWorker
import Foundation
import MessengerPlatform
import ServiceKit
import Testing

@Suite("Agent desk events and signatures")
struct AgentDeskTests {
    let agentApp: AppID = "2002"
    let thread = ThreadKey(pageID: "p1", userID: "u1")

    @Test func signatureIsHMACSHA256OfTheBodyAsLowercaseHex() {
        // The published HMAC-SHA256 example (RFC 4231 style): key "key", the quick brown fox.
        let body = Array("The quick brown fox jumps over the lazy dog".utf8)
        let header = DeskSignature.sign(body, secret: "key")
        #expect(header == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        #expect(DeskSignature.verify(body, header: header, secret: "key"))
        #expect(
            DeskSignature.verify(
                body, header: header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), secret: "key"))
    }

    @Test func signatureRejectsWrongSecretAlteredBodyAndMalformedHeaders() {
        let body = Array(#"{"type":"message"}"#.utf8)
        let header = DeskSignature.sign(body, secret: "s3cret")
        #expect(!DeskSignature.verify(body, header: header, secret: "other"))
        #expect(!DeskSignature.verify(Array(#"{"type":"messagE"}"#.utf8), header: header, secret: "s3cret"))
        #expect(!DeskSignature.verify(body, header: nil, secret: "s3cret"))
        #expect(!DeskSignature.verify(body, header: String(header.dropFirst(7)), secret: "s3cret"))
        #expect(!DeskSignature.verify(body, header: String(header.dropLast(2)), secret: "s3cret"))
        #expect(!DeskSignature.verify(body, header: "sha1=" + header.dropFirst(7), secret: "s3cret"))
    }

    @Test func bearerTokenMustMatchExactly() {
        let token = AgentAPIToken("correct-horse-battery-staple")
        #expect(token.authorizes("Bearer correct-horse-battery-staple"))
        #expect(token.authorizes("bearer correct-horse-battery-staple"))
        #expect(!token.authorizes(nil))
        #expect(!token.authorizes("Bearer correct-horse-battery-stapl"))
        #expect(!token.authorizes("Bearer correct-horse-battery-staple2"))
        #expect(!token.authorizes("Basic correct-horse-battery-staple"))
        #expect(!token.authorizes("correct-horse-battery-staple"))
        #expect(!token.authorizes("Bearer "))
    }

    private func item(_ json: String) throws -> MessagingEvent {
        try MessagingEvent(json: Array(json.utf8))
    }

    @Test func controlPassedToTheAgentAppStartsAConversation() throws {
        let event = try item(
            #"{"sender":{"id":"u1"},"recipient":{"id":"p1"},"timestamp":7,"pass_thread_control":{"previous_owner_app_id":"1001","new_owner_app_id":2002,"metadata":"user asked"}}"#
        )
        let desk = try #require(
            DeskEvent(event: event, isStandby: false, eventID: "e1", agentAppID: agentApp, thread: thread))
        #expect(desk.type == .conversationStarted)
        #expect(desk.previousOwnerAppID == "1001")
        #expect(desk.metadata == "user asked")
        #expect(desk.userID == "u1" && desk.pageID == "p1" && desk.timestamp == 7 && desk.appID == "2002")
        let toInbox = try item(
            #"{"sender":{"id":"u1"},"recipient":{"id":"p1"},"timestamp":7,"pass_thread_control":{"previous_owner_app_id":"1001","new_owner_app_id":"263902037430900"}}"#
        )
        #expect(DeskEvent(event: toInbox, isStandby: false, eventID: "e2", agentAppID: agentApp, thread: thread) == nil)
    }

    @Test func controlTakenFromTheAgentAppEndsTheConversation() throws {
        let taken = try item(
            #"{"sender":{"id":"u1"},"recipient":{"id":"p1"},"timestamp":8,"take_thread_control":{"previous_owner_app_id":"2002","new_owner_app_id":"1001","metadata":"back"}}"#
        )
        let desk = try #require(
            DeskEvent(event: taken, isStandby: false, eventID: "e3", agentAppID: agentApp, thread: thread))
        #expect(desk.type == .conversationEnded)
        #expect(desk.newOwnerAppID == "1001")
        let fromOther = try item(
            #"{"sender":{"id":"u1"},"recipient":{"id":"p1"},"timestamp":8,"take_thread_control":{"previous_owner_app_id":"263902037430900","new_owner_app_id":"1001"}}"#
        )
        #expect(
            DeskEvent(event: fromOther, isStandby: false, eventID: "e4", agentAppID: agentApp, thread: thread) == nil)
    }

    @Test func userMessagesAsOwnerGoToTheDeskButNotStandbyCopiesOrEchoes() throws {
        let message = try item(
            #"{"sender":{"id":"u1"},"recipient":{"id":"p1"},"timestamp":9,"message":{"mid":"m_1","text":"my order is late","attachments":[{"type":"image","payload":{"url":"https://x"}}]}}"#
        )
        let desk = try #require(
            DeskEvent(event: message, isStandby: false, eventID: "m_1", agentAppID: agentApp, thread: thread))
        #expect(desk.type == .message)
        #expect(desk.text == "my order is late")
        #expect(desk.mid == "m_1")
        #expect(desk.attachments == ["image"])
        #expect(DeskEvent(event: message, isStandby: true, eventID: "m_1", agentAppID: agentApp, thread: thread) == nil)
        let echo = try item(
            #"{"sender":{"id":"p1"},"recipient":{"id":"u1"},"timestamp":9,"message":{"mid":"m_2","text":"hi","is_echo":true,"app_id":2002}}"#
        )
        #expect(DeskEvent(event: echo, isStandby: false, eventID: "m_2", agentAppID: agentApp, thread: thread) == nil)
    }

    @Test func encodedEventIsStableSortedJSONThatDecodesBack() throws {
        let event = DeskEvent(
            type: .message, eventID: "m_1", appID: "2002", pageID: "p1", userID: "u1", timestamp: 9, mid: "m_1",
            text: "a/b \"q\"")
        let bytes = event.encoded()
        #expect(bytes == event.encoded())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"app_id":"2002","event_id":"m_1","mid":"m_1","page_id":"p1","text":"#))
        #expect(try DeskEvent.decode(bytes) == event)
    }

    @Test func deskConfigurationNeedsASecretWithAURL() throws {
        #expect(try DeskConfiguration.fromEnvironment(ServiceEnvironment([:])) == nil)
        #expect {
            _ = try DeskConfiguration.fromEnvironment(ServiceEnvironment(["AGENT_DESK_URL": "http://desk/events"]))
        } throws: { ($0 as? ConfigurationError)?.variable == "AGENT_DESK_SECRET" }
        #expect {
            _ = try DeskConfiguration.fromEnvironment(ServiceEnvironment(["AGENT_DESK_SECRET": "x"]))
        } throws: { ($0 as? ConfigurationError)?.variable == "AGENT_DESK_URL" }
        #expect {
            _ = try DeskConfiguration.fromEnvironment(
                ServiceEnvironment(["AGENT_DESK_URL": "ftp://desk", "AGENT_DESK_SECRET": "x"]))
        } throws: { ($0 as? ConfigurationError)?.variable == "AGENT_DESK_URL" }
        let desk = try #require(
            try DeskConfiguration.fromEnvironment(
                ServiceEnvironment([
                    "AGENT_DESK_URL": "https://desk/events", "AGENT_DESK_SECRET": "x", "AGENT_DESK_MAX_ATTEMPTS": "3",
                ])))
        #expect(desk.maxAttempts == 3)
        #expect(desk.secret.value == "x")
        #expect(!"\(desk.secret)".contains("x"))
    }
}
