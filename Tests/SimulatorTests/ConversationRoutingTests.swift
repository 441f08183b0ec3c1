import Simulator
import TestSupport
import Testing

/// Conversation Routing: idle threads, the default app, release, extend and the idle timeout. Time
/// is moved with `POST /_sim/clock` rather than waited for.
@Suite("Simulator Conversation Routing")
struct ConversationRoutingTests {
    typealias F = SimulatorFixture

    private static func recipient(_ psid: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("recipient", .object([("id", .string(psid))]))] + extra)
    }

    private func owner(_ f: F, _ psid: String, as app: String = F.bot) async throws -> JSONValue? {
        let answer = try await f.graph("GET", "/me/thread_owner", as: app, query: ["recipient": psid])
        #expect(answer.status == 200, "\(answer)")
        return answer.json["data"]?.arrayValue?.first?["thread_owner"]
    }

    @Test func anIdleThreadsMessagesGoToTheDefaultAppWhileTheThreadStaysIdle() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9001", "hello")
            let toBot = try await f.event(F.bot) { $0.type == "message" }
            let toAgent = try await f.event(F.agent) { $0.type == "message" }
            #expect(toBot.placement == "messaging")
            #expect(toAgent.placement == "standby")
            #expect(try await owner(f, "9001") == nil)
            let answer = try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "9001"])
            #expect(answer.json == .object([("data", .array([]))]))
        }
    }

    @Test func anyAppMayTakeAnIdleThreadAndEveryAppHearsOfIt() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9002", "hello")
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.agent, body: Self.recipient("9002"))
            #expect(take.status == 200)
            for app in [F.bot, F.agent] {
                let event = try await f.event(app) { $0.type == "take_thread_control" }
                #expect(event.newOwner == F.agent)
                #expect(event.previousOwner == nil)
            }
            let current = try await owner(f, "9002", as: F.agent)
            #expect(current?["app_id"]?.stringValue == F.agent)
            #expect(current?["expiration"]?.intValue != nil)
        }
    }

    @Test func releaseMakesTheThreadIdleAgainWithoutAWebhook() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9003", "hello")
            // Sending into an idle thread makes the sender its owner.
            let send = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.recipient("9003", [("message", .object([("text", "hi!")]))]))
            #expect(send.status == 200)
            #expect(try await owner(f, "9003")?["app_id"]?.stringValue == F.bot)
            let release = try await f.graph(
                "POST", "/me/release_thread_control", as: F.bot, body: Self.recipient("9003"))
            #expect(release.status == 200)
            #expect(try await owner(f, "9003") == nil)
            let events = try await f.deliveries("9003").map(\.event)
            #expect(!events.contains("pass_thread_control"))
            #expect(!events.contains("take_thread_control"))
            // Released: the next message goes to the default app again, the agent stays on standby.
            try await f.userSays("9003", "still there?")
            let next = try await f.event(F.agent) { $0.text == "still there?" }
            #expect(next.placement == "standby")
        }
    }

    @Test func controlLapsesAfterTheIdleTimeoutUnlessExtended() async throws {
        try await F.run(mode: .routing, configure: { $0.idleTimeout = .seconds(60) }) { f in
            for psid in ["9004", "9005"] {
                try await f.userSays(psid, "hello")
                _ = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient(psid))
            }
            let extend = try await f.graph(
                "POST", "/me/extend_thread_control", as: F.bot, body: Self.recipient("9005", [("duration", 3600)]))
            #expect(extend.status == 200)
            let advanced = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 61)]))
            #expect(advanced.status == 200)
            #expect(try await owner(f, "9004") == nil)
            #expect(try await owner(f, "9005")?["app_id"]?.stringValue == F.bot)
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 3600)]))
            #expect(try await owner(f, "9005") == nil)
            let transcript = try await f.thread("9004")["transcript"]?.arrayValue ?? []
            #expect(transcript.contains { $0["action"]?.stringValue == "expired" })
        }
    }

    @Test func sendWithThreadControlPassEchoesThenHandsOver() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9006", "agent please")
            let send = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.recipient(
                    "9006",
                    [
                        ("message", .object([("text", "Connecting you")])),
                        ("thread_control", .object([("control_type", "pass"), ("app_id", .string(F.agent))])),
                    ]))
            #expect(send.status == 200)
            let events = try await f.receiver(F.agent).waitUntil { events in
                events.contains { $0.type == "pass_thread_control" }
            }
            let relevant = events.filter { $0.type == "echo" || $0.type == "pass_thread_control" }
            #expect(relevant.map(\.type) == ["echo", "pass_thread_control"])
            #expect(relevant.first?.placement == "standby")
            #expect(relevant.last?.previousOwner == F.bot)
            #expect(try await owner(f, "9006")?["app_id"]?.stringValue == F.agent)
        }
    }
}
