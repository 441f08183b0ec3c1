import AgentDesk
import BotWorker
import CurlHTTP
import Foundation
import MessengerPlatform
import SimulatorClient
import TestSupport
import Testing

/// The live-agent desk end to end, in process, through the simulator: the queue, offers and
/// accepts, history from before the handoff, replies with media, the silence timer, hand-backs,
/// the fallbacks when nobody can answer, and the audit log.
@Suite("The agent desk through the simulator", .serialized)
struct AgentDeskConversationTests {
    let bot = ConversationHarness.botApp.rawValue
    let agentApp = ConversationHarness.agentApp.rawValue
    static let anaToken = "ana-token-0123456789abcdef"
    static let benToken = "ben-token-0123456789abcdef"

    static func policy(silence: Int64 = 600_000) -> DeskPolicy {
        var policy = DeskPolicy(agents: [
            DeskAgent(
                id: "ana", name: "Ana", tokenSHA256: DeskAgent.hash(anaToken), capacity: 2, personaID: "persona-ana"),
            DeskAgent(id: "ben", name: "Ben", tokenSHA256: DeskAgent.hash(benToken), capacity: 2),
        ])
        policy.agentSilence = silence
        return policy
    }

    /// Polls the store until the thread's open conversation satisfies `condition`.
    func waitForConversation(
        _ h: ConversationHarness, _ user: String, timeout: Duration = .seconds(30),
        _ condition: (Conversation?) -> Bool
    ) async throws -> Conversation? {
        let store = try #require(h.deskStore)
        let deadline = ContinuousClock.now + timeout
        while true {
            let latest = try await store.latestConversation(pageID: ConversationHarness.pageID, userID: user)
            if condition(latest) { return latest }
            guard ContinuousClock.now < deadline else {
                Issue.record("the conversation of \(user) never got there; last: \(String(describing: latest))")
                return latest
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func handoffIsOfferedAcceptedAnsweredRequeuedWhenSilentAndHandedBack() async throws {
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        options.deskPolicy = Self.policy(silence: 8_000)
        try await ConversationHarness.with(options) { h in
            let user = "u-desk"
            let ana = Self.anaToken
            let ben = Self.benToken
            #expect(
                try await h.agentAPI("POST", "/agent/presence", body: #"{"status":"online"}"#, token: ana).status == 200
            )
            #expect(try await h.agentAPI("POST", "/agent/presence", token: ben).status == 200)

            // Before the handoff: the user and the bot talk; the desk keeps it (standby and echoes).
            try await h.driver.userSays(user, "hi")
            try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }
            try await h.driver.userSays(user, "/help")
            try await h.driver.waitForThread(user) { $0.owner == agentApp }

            // Queued, then offered to the least-loaded online agent (Ana, first in the file).
            var conversation = try await waitForConversation(h, user) { $0?.state == .offered }
            #expect(conversation?.agentID == "ana")
            let queue = try await h.agentAPI("GET", "/agent/queue", token: ben)
            let listed = try #require((queue.json["conversations"] as? [[String: Any]])?.first)
            #expect(listed["state"] as? String == "offered" && listed["agent_id"] as? String == "ana")
            #expect(listed["handoff_metadata"] as? String == BotBehaviour.defaultHandoverMetadata)
            #expect(listed["waiting_ms"] is Int)

            // Ben cannot take what is offered to Ana; Ana accepts.
            let stolen = try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: ben)
            #expect(stolen.status == 409)
            #expect((stolen.json["error"] as? [String: Any])?["code"] as? String == "held_by_another_agent")
            let accepted = try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: ana)
            #expect(accepted.status == 200)
            #expect(accepted.json["state"] as? String == "active" && accepted.json["agent_id"] as? String == "ana")

            // The history shows what was said before the handoff, marked as such.
            let history = try await h.agentAPI("GET", "/agent/threads/\(user)/history", token: ana)
            let entries = try #require(history.json["entries"] as? [[String: Any]])
            let before = entries.filter { $0["before_handoff"] as? Bool == true }
            #expect(before.contains { $0["author"] as? String == "user" && $0["text"] as? String == "hi" })
            #expect(before.contains { $0["author"] as? String == "bot" }, "\(entries)")
            #expect(before.contains { $0["author"] as? String == "user" && $0["text"] as? String == "/help" })

            // Ana replies with an image; Ben may not reply in Ana's conversation.
            let image = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/reply",
                body: #"{"attachment":{"type":"image","url":"https://cdn.example.com/label.png"}}"#, token: ana)
            #expect(image.status == 200)
            let sent = try await h.driver.waitForThread(user) { $0.sends(by: agentApp).count == 1 }
            #expect(sent.sends(by: agentApp).first?.personaID == "persona-ana", "sent as Ana's persona")
            let intruder = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/reply", body: #"{"text":"me too"}"#, token: ben)
            #expect(intruder.status == 409)
            // Typing and mark_seen reach Meta's Send API (one call each), only from the holder.
            let typing = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/typing", body: #"{"on":true}"#, token: ana)
            #expect(typing.status == 200 && typing.json["status"] as? String == "typing_on")
            let seen = try await h.agentAPI("POST", "/agent/threads/\(user)/seen", token: ana)
            #expect(seen.status == 200 && seen.json["status"] as? String == "mark_seen")
            #expect(try await h.agentAPI("POST", "/agent/threads/\(user)/typing", token: ben).status == 409)
            let shown = try await h.driver.waitForThread(user) {
                $0.transcript.filter { $0.kind == .senderAction }.count >= 2
            }
            #expect(
                shown.transcript.filter { $0.kind == .senderAction }.map { "\($0.appID ?? "?") \($0.action ?? "?")" }
                    == ["\(agentApp) typing_on", "\(agentApp) mark_seen"])
            let afterReply = try await h.agentAPI("GET", "/agent/threads/\(user)/history", token: ana)
            let sentImage = (afterReply.json["entries"] as? [[String: Any]])?.last
            #expect(sentImage?["author"] as? String == "agent" && sentImage?["agent_id"] as? String == "ana")
            #expect(
                (sentImage?["attachments"] as? [[String: Any]])?.first?["url"] as? String
                    == "https://cdn.example.com/label.png")

            // Ana goes quiet: after the silence timer the conversation is re-queued and offered to Ben.
            conversation = try await waitForConversation(h, user) { $0?.state == .offered && $0?.agentID == "ben" }
            #expect(conversation?.declinedBy == ["ana"])
            #expect(try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: ben).status == 200)
            #expect(
                try await h.agentAPI("POST", "/agent/threads/\(user)/reply", body: #"{"text":"Ben here"}"#, token: ben)
                    .status == 200)

            // Ben hands back: the bot owns the thread, the conversation ended with its reason.
            let handback = try await h.agentAPI("POST", "/agent/threads/\(user)/handback", token: ben)
            #expect(handback.status == 200)
            try await h.driver.waitForThread(user) { $0.owner == bot }
            conversation = try await waitForConversation(h, user) { $0?.state == .ended }
            #expect(conversation?.reason == .handedBack)

            // Every step is in the audit log with who did it.
            let id = try #require(conversation?.id)
            let log = try await h.agentAPI("GET", "/agent/conversations/\(id)/log", token: ana)
            let lines = try #require(log.json["entries"] as? [[String: Any]])
            let steps = lines.map { "\($0["actor"] as? String ?? "?") \($0["action"] as? String ?? "?")" }
            for step in [
                "worker queue", "worker offer", "agent:ana accept", "agent:ana reply", "worker agent_silent",
                "agent:ben accept", "agent:ben hand_back",
            ] {
                #expect(steps.contains(step), "\(step) is missing from \(steps)")
            }
            try await h.waitForMetric(h.agent!, "agent_desk_handoffs_total", ["outcome": "handed_back"], atLeast: 1)
            try await h.waitForMetric(h.agent!, "agent_desk_time_to_accept_seconds_count", atLeast: 2)
        }
    }

    @Test func withNobodyOnlineTheBotGetsTheThreadBackWithAMessage() async throws {
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        options.deskPolicy = Self.policy()
        try await ConversationHarness.with(options) { h in
            try await expectFallback(
                h, "u-nobody", message: DeskPolicy().messages.noAgentOnline, reason: .noAgentOnline)
        }
    }

    /// `user` asks for a person and the desk cannot serve them: the agent app tells them
    /// `message`, passes the thread back to the bot, and the conversation ends for `reason`.
    func expectFallback(
        _ h: ConversationHarness, _ user: String, message: String?, reason: TransitionReason
    ) async throws {
        try await h.driver.userSays(user, "/help")
        let thread = try await h.driver.waitForThread(user) {
            $0.owner == bot && $0.controls.contains { $0.action == "pass" && $0.by == agentApp }
        }
        #expect(thread.texts(by: agentApp) == [message])
        let conversation = try await waitForConversation(h, user) { $0?.state == .ended }
        #expect(conversation?.reason == reason)
    }

    @Test func outsideBusinessHoursTheBotGetsTheThreadBack() async throws {
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        var policy = Self.policy()
        // Open one minute a week, at a moment the test is not running in (Sunday 03:00–03:01 UTC).
        policy.businessHours["*"] = try BusinessHours(timeZone: "UTC", week: ["sun": ["03:00-03:01"]])
        policy.messages.outsideBusinessHours = "We are closed."
        options.deskPolicy = policy
        try await ConversationHarness.with(options) { h in
            #expect(try await h.agentAPI("POST", "/agent/presence", token: Self.anaToken).status == 200)
            try await expectFallback(h, "u-closed", message: "We are closed.", reason: .outsideBusinessHours)
        }
    }

    @Test func badCallsGetClearErrorsAndChangeNothing() async throws {
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        options.deskPolicy = Self.policy()
        options.deskPolicy.assignment = .claim
        try await ConversationHarness.with(options) { h in
            let user = "u-bad"
            func code(_ answer: (status: Int, json: [String: Any], headers: [CurlHeader])) -> String? {
                (answer.json["error"] as? [String: Any])?["code"] as? String
            }
            #expect(try await h.agentAPI("GET", "/agent/queue", token: "not-a-token-of-anyone").status == 401)
            #expect(try await h.agentAPI("GET", "/agent/queue", token: nil).status == 401)
            // Nothing to accept yet.
            let none = try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: Self.anaToken)
            #expect(none.status == 404 && code(none) == "no_conversation")
            #expect(try await h.agentAPI("POST", "/agent/presence", token: Self.anaToken).status == 200)
            try await h.driver.userSays(user, "/help")
            _ = try await waitForConversation(h, user) { $0?.state == .waiting }
            // The service token is not a person: it cannot accept.
            let service = try await h.agentAPI("POST", "/agent/threads/\(user)/accept")
            #expect(service.status == 403 && code(service) == "agent_token_required")
            // Replying before accepting.
            let early = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/reply", body: #"{"text":"hello"}"#, token: Self.anaToken)
            #expect(early.status == 409 && code(early) == "not_holding")
            #expect(try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: Self.anaToken).status == 200)
            for body in [
                #"{"text":"#, #"{"text":""}"#, #"{"attachment":{"type":"sticker","url":"https://a.example/x"}}"#,
                #"{"attachment":{"type":"image","url":"file:///etc/passwd"}}"#,
                #"{"text":"both","attachment":{"type":"image","url":"https://a.example/x.png"}}"#,
            ] {
                let answer = try await h.agentAPI(
                    "POST", "/agent/threads/\(user)/reply", body: body, token: Self.anaToken)
                #expect(answer.status == 400 && code(answer) == "bad_request", "\(body)")
            }
            let huge = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/reply",
                body: #"{"text":""# + String(repeating: "a", count: 70_000) + #""}"#,
                token: Self.anaToken)
            #expect(huge.status == 400)
            #expect(
                try await h.agentAPI("GET", "/agent/threads/\(user)/history?limit=0", token: Self.anaToken).status
                    == 400)
            #expect(
                try await h.agentAPI("GET", "/agent/threads/\(user)/history?before=nonsense", token: Self.anaToken)
                    .status
                    == 400)
            #expect(
                try await h.agentAPI("POST", "/agent/presence", body: #"{"status":"asleep"}"#, token: Self.anaToken)
                    .status == 400)
            // None of it reached the user or the history.
            let thread = try await h.driver.thread(user)
            #expect(thread.sends(by: agentApp).isEmpty)
            let history = try #require(
                try await h.deskStore?.history(pageID: ConversationHarness.pageID, userID: user, limit: 50))
            #expect(!history.contains { $0.author == .agent })
        }
    }
}
