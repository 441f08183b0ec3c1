import AgentDesk
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

    @Test func encodedEventIsStableSortedJSONThatDecodesBack() throws {
        var event = DeskEvent(type: .message, eventID: "m_1", appID: "2002", pageID: "p1", userID: "u1", timestamp: 9)
        event.mid = "m_1"
        event.text = "a/b \"q\""
        event.attachments = [.init(type: "image", url: "https://cdn.example/a.png")]
        let bytes = event.encoded()
        #expect(bytes == event.encoded())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"app_id":"2002","attachments":[{"type":"image","url":"https://cdn.example/a.png"}],"event_id":"m_1","mid":"m_1","page_id":"p1","text":"#
            ))
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
