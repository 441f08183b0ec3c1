import Simulator
import SimulatorClient
import TestSupport
import Testing

/// The messaging window in both protocol generations (docs/protocol.md): `RESPONSE` within 24 h of
/// the user's last message, `HUMAN_AGENT` up to 7 days, error 10/2018278 outside, error 100 for a
/// retired, unknown or missing tag. The simulator's clock moves the window.
@Suite("Simulator messaging window")
struct MessagingWindowTests {
    typealias F = SimulatorFixture
    typealias Mode = SimulatorConfiguration.Mode

    private static func send(
        _ psid: String, _ text: String, type: String? = nil, tag: String? = nil
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("recipient", .object([("id", .string(psid))])), ("message", .object([("text", .string(text))])),
        ]
        if let type { members.append(("messaging_type", .string(type))) }
        if let tag { members.append(("tag", .string(tag))) }
        return .object(members)
    }

    private func advance(_ f: F, hours: Int) async throws {
        let answer = try await f.call(
            "POST", "/_sim/clock", body: .object([("advance_seconds", .int(Int64(hours * 3600)))]))
        #expect(answer.status == 200)
    }

    /// The bot owns the thread in both modes once the user wrote (the primary in handover mode, the
    /// default app under routing), so every refusal below is the window's.
    @Test(arguments: [Mode.handover, .routing])
    func responsesAreAllowedForADayAndHumanAgentRepliesForSevenDays(mode: Mode) async throws {
        try await F.run(mode: mode, configure: { $0.idleTimeout = .seconds(30 * 86_400) }) { f in
            try await f.userSays("w1", "hello")
            #expect(try await f.graph("POST", "/me/messages", as: F.bot, body: Self.send("w1", "hi")).status == 200)
            try await advance(f, hours: 23)
            #expect(
                try await f.graph("POST", "/me/messages", as: F.bot, body: Self.send("w1", "update", type: "UPDATE"))
                    .status == 200)
            try await advance(f, hours: 2)
            let late = try await f.graph("POST", "/me/messages", as: F.bot, body: Self.send("w1", "late"))
            #expect(late.status == 400)
            #expect(late.errorCode == 10)
            #expect(late.errorSubcode == 2_018_278)
            let human = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.send("w1", "a person answers", type: "MESSAGE_TAG", tag: "HUMAN_AGENT"))
            #expect(human.status == 200)
            try await advance(f, hours: 6 * 24)
            let tooLate = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.send("w1", "a week later", type: "MESSAGE_TAG", tag: "HUMAN_AGENT"))
            #expect(tooLate.errorSubcode == 2_018_278)
            // A new message from the user opens the window again.
            try await f.userSays("w1", "are you there?")
            #expect(try await f.graph("POST", "/me/messages", as: F.bot, body: Self.send("w1", "yes")).status == 200)
        }
    }

    @Test(arguments: [Mode.handover, .routing])
    func retiredUnknownAndMissingTagsAreRefusedWithError100EvenInsideTheWindow(mode: Mode) async throws {
        try await F.run(mode: mode) { f in
            try await f.userSays("w2", "hello")
            for tag in ["CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE", "MADE_UP", nil] {
                let refused = try await f.graph(
                    "POST", "/me/messages", as: F.bot, body: Self.send("w2", "tagged", type: "MESSAGE_TAG", tag: tag))
                #expect(refused.status == 400, "\(tag ?? "no tag")")
                #expect(refused.errorCode == 100, "\(tag ?? "no tag")")
            }
        }
    }

    @Test(arguments: [Mode.handover, .routing])
    func passingControlDoesNotResetTheWindow(mode: Mode) async throws {
        try await F.run(mode: mode, configure: { $0.idleTimeout = .seconds(30 * 86_400) }) { f in
            try await f.userSays("w3", "hello")
            try await advance(f, hours: 25)
            let pass = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: .object([("recipient", .object([("id", "w3")])), ("target_app_id", .string(F.agent))]))
            #expect(pass.status == 200)
            let late = try await f.graph("POST", "/me/messages", as: F.agent, body: Self.send("w3", "agent here"))
            #expect(late.errorSubcode == 2_018_278)
        }
    }

    @Test func theThreadViewShowsWhenEachWindowCloses() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("w4", "hello")
            let view = try await f.thread("w4")
            let last = try #require(view.lastUserMessageAt)
            #expect(view.windowClosesAt == last + 24 * 3_600_000)
            #expect(view.humanAgentWindowClosesAt == last + 7 * 24 * 3_600_000)
        }
    }
}
