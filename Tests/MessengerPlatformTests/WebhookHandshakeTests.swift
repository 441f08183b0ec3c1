import MessengerPlatform
import Testing

@Suite("Webhook verification handshake")
struct WebhookHandshakeTests {
    @Test func subscribeWithMatchingTokenEchoesTheChallenge() {
        let answer = WebhookHandshake.answer(
            mode: "subscribe", verifyToken: "t0k3n", challenge: "1158201444", expectedToken: "t0k3n")
        #expect(answer == .accept("1158201444"))
    }

    @Test(
        "Every other request is rejected",
        arguments: [
            ("wrong mode", "unsubscribe", "t0k3n", "123"), ("no mode", nil, "t0k3n", "123"),
            ("wrong token", "subscribe", "t0k3m", "123"), ("token prefix", "subscribe", "t0k", "123"),
            ("token longer", "subscribe", "t0k3n!", "123"), ("no token", "subscribe", nil, "123"),
            ("no challenge", "subscribe", "t0k3n", nil), ("empty challenge", "subscribe", "t0k3n", ""),
            ("mode case differs", "Subscribe", "t0k3n", "123"),
        ] as [(String, String?, String?, String?)])
    func otherRequestsAreRejected(_ name: String, _ mode: String?, _ token: String?, _ challenge: String?) {
        #expect(
            WebhookHandshake.answer(mode: mode, verifyToken: token, challenge: challenge, expectedToken: "t0k3n")
                == .reject)
    }

    @Test func emptyExpectedTokenNeverMatches() {
        #expect(
            WebhookHandshake.answer(mode: "subscribe", verifyToken: "", challenge: "1", expectedToken: "") == .reject)
    }
}
