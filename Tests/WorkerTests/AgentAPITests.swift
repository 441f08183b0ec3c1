import AgentDesk
import AgentWorker
import BotWorker
import CurlHTTP
import Foundation
import MessengerPlatform
import Simulator
import SimulatorClient
import TestSupport
import Testing

/// The agent API against the real agent worker and the simulator: authentication, input
/// validation, Graph errors as HTTP answers, and the routing-mode calls.
@Suite("Agent API", .serialized)
struct AgentAPITests {
    let bot = ConversationHarness.botApp.rawValue
    let agentApp = ConversationHarness.agentApp.rawValue

    @Test func rejectsMissingOrWrongTokensAndBadInput() async throws {
        var options = ConversationHarness.Options()
        options.withAgent = true
        options.requestPolicy = .always
        try await ConversationHarness.with(options) { h in
            let user = "u-api"
            try await h.driver.userSays(user, "hi")
            try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }

            // 401 without a token, with a wrong one, and with another scheme; nothing is sent.
            for token in [nil, "wrong-token-0123456789", "agent-api-token-012345678"] as [String?] {
                let answer = try await h.agentAPI(
                    "POST", "/agent/threads/\(user)/reply", body: #"{"text":"x"}"#, token: token)
                #expect(answer.status == 401)
                #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "unauthorized")
                #expect(answer.headers.contains { $0.name.lowercased() == "www-authenticate" })
            }
            #expect(try await h.agentAPI("GET", "/agent/threads/\(user)", token: nil).status == 401)

            // 400 for bodies the API cannot use.
            for (path, body) in [
                ("reply", "{not json"), ("reply", #"{"message":"x"}"#), ("reply", #"{"text":"   "}"#),
                ("extend", #"{"duration_seconds":0}"#), ("extend", #"{"duration_seconds":"1h"}"#),
                ("handback", "[1,2"),
            ] {
                let answer = try await h.agentAPI("POST", "/agent/threads/\(user)/\(path)", body: body)
                #expect(answer.status == 400, "\(path) \(body)")
                #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "bad_request")
            }
            #expect(try await h.agentAPI("GET", "/agent/threads/\(user)?page_id=999").status == 404)

            // 409 when the agent app replies to a thread the bot owns (Meta's 10/2018300).
            let conflict = try await h.agentAPI("POST", "/agent/threads/\(user)/reply", body: #"{"text":"hello"}"#)
            #expect(conflict.status == 409)
            #expect((conflict.json["error"] as? [String: Any])?["code"] as? String == "not_thread_owner")

            // The owner as a secondary sees it: the bot, not us.
            let owner = try await h.agentAPI("GET", "/agent/threads/\(user)")
            #expect(owner.status == 200)
            #expect(owner.json["owner_app_id"] as? String == bot)
            #expect(owner.json["is_owner"] as? Bool == false)

            let thread = try await h.driver.thread(user)
            #expect(thread.sends(by: agentApp).isEmpty)
            #expect(thread.owner == bot)
        }
    }

    @Test func requestOnStandbyIsGrantedByTheBotUnderPolicyAlways() async throws {
        var options = ConversationHarness.Options()
        options.withAgent = true
        options.requestPolicy = .always
        try await ConversationHarness.with(options) { h in
            let user = "u-request"
            try await h.driver.userSays(user, "hi")
            try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }

            let request = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/request", body: #"{"metadata":"agent Bo"}"#)
            #expect(request.status == 200)
            let thread = try await h.driver.waitForThread(user) { $0.owner == agentApp }
            let asked = try #require(thread.controls.last { $0.action == "request" })
            #expect(asked.by == agentApp && asked.metadata == "agent Bo")
            #expect(thread.controls.last { $0.action == "pass" }?.by == bot)

            // The pass puts a conversation in the agent desk's queue.
            try await h.waitForMetric(h.agent!, "agent_desk_transitions_total", ["reason": "queued"], atLeast: 1)
            let queued = try #require(
                try await h.deskStore?.openConversation(pageID: ConversationHarness.pageID, userID: user))
            #expect(queued.state == .waiting)
        }
    }

    @Test func extendAndReleaseInConversationRoutingMode() async throws {
        var options = ConversationHarness.Options()
        options.mode = .routing
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        try await ConversationHarness.with(options) { h in
            let user = "u-routing"
            // Idle thread: the message goes to the default app (the bot), whose answer claims it.
            try await h.driver.userSays(user, "hi")
            var thread = try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }
            #expect(thread.owner == bot)

            try await h.driver.userSays(user, "human")
            thread = try await h.driver.waitForThread(user) { $0.owner == agentApp }

            let extend = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/extend", body: #"{"duration_seconds":3600}"#)
            #expect(extend.status == 200)
            #expect(extend.json["duration_seconds"] as? Int == 3600)
            thread = try await h.driver.waitForThread(user) { $0.controls.contains { $0.action == "extend" } }
            #expect(thread.controls.last { $0.action == "extend" }?.by == agentApp)

            let release = try await h.agentAPI("POST", "/agent/threads/\(user)/release")
            #expect(release.status == 200)
            thread = try await h.driver.waitForThread(user) { $0.owner == nil }
            #expect(thread.controls.last?.action == "release")
            let owner = try await h.agentAPI("GET", "/agent/threads/\(user)")
            #expect(owner.status == 200)
            #expect(owner.json["owner_app_id"] is NSNull)

            // Released means idle: the next message goes to the default app again, and the bot answers.
            try await h.driver.userSays(user, "thanks")
            thread = try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 3 }
            #expect(thread.owner == bot)
        }
    }
}

/// The messaging window through the agent API (docs/protocol.md): a person's reply is a normal
/// `RESPONSE` within 24 h of the user's last message, `HUMAN_AGENT` up to 7 days, and refused with
/// 409 after, without calling Meta. The simulator enforces the same window, so a wrong choice fails.
@Suite("Agent API and the messaging window", .serialized)
struct AgentWindowTests {
    let bot = ConversationHarness.botApp.rawValue
    let agentApp = ConversationHarness.agentApp.rawValue

    /// The first-generation page keeps the thread with the agent app while time passes (under
    /// Conversation Routing it would lapse after a day without the user); the window is the same.
    @Test func anAgentReplyIsAResponseForADayThenHumanAgentForAWeekThen409() async throws {
        var options = ConversationHarness.Options()
        options.withAgent = true
        options.handoverTarget = ConversationHarness.agentApp
        try await ConversationHarness.with(options) { h in
            let user = "u-window"
            try await h.driver.userSays(user, "/help")
            try await h.driver.waitForThread(user) { $0.owner == agentApp }

            let view = try await h.agentAPI("GET", "/agent/threads/\(user)")
            let last = try #require(view.json["last_user_message_at"] as? Int)
            #expect(view.json["closes_at"] as? Int == last + 24 * 3_600_000)
            #expect(view.json["human_agent_closes_at"] as? Int == last + 7 * 24 * 3_600_000)
            #expect(view.json["reply_as"] as? String == "response")

            let first = try await h.agentAPI("POST", "/agent/threads/\(user)/reply", body: #"{"text":"Hi, Alex here"}"#)
            #expect(first.status == 200)
            #expect(first.json["messaging_type"] as? String == "RESPONSE")

            try await h.advanceClock(hours: 30)
            #expect(try await h.agentAPI("GET", "/agent/threads/\(user)").json["reply_as"] as? String == "human_agent")
            let late = try await h.agentAPI("POST", "/agent/threads/\(user)/reply", body: #"{"text":"Still there?"}"#)
            #expect(late.status == 200)
            #expect(late.json["messaging_type"] as? String == "MESSAGE_TAG")
            #expect(late.json["tag"] as? String == "HUMAN_AGENT")

            try await h.advanceClock(hours: 6 * 24)
            let sendsBefore = try await h.driver.thread(user).sends(by: agentApp).count
            let closed = try await h.agentAPI("POST", "/agent/threads/\(user)/reply", body: #"{"text":"Hello?"}"#)
            #expect(closed.status == 409)
            #expect((closed.json["error"] as? [String: Any])?["code"] as? String == "messaging_window_closed")
            #expect(try await h.agentAPI("GET", "/agent/threads/\(user)").json["reply_as"] as? String == "closed")

            let thread = try await h.driver.thread(user)
            let sends = thread.sends(by: agentApp)
            #expect(sends.count == sendsBefore, "a closed window calls nobody")
            #expect(sends.map(\.messagingType) == ["RESPONSE", "MESSAGE_TAG"])
            #expect(sends.map(\.tag) == [nil, "HUMAN_AGENT"])
            // The bot's own sends are never tagged.
            #expect(thread.sends(by: bot).allSatisfy { $0.messagingType != "MESSAGE_TAG" && $0.tag == nil })
        }
    }

    /// Conversation Routing with a default app: Meta refuses request_thread_control, so the API
    /// answers 409 at once; on a page without a default app the request goes through and an idle
    /// thread is the agent app's at once.
    @Test func requestIsRefusedWithADefaultAppAndWorksWithout() async throws {
        for hasDefaultApp in [true, false] {
            var options = ConversationHarness.Options()
            options.withAgent = true
            options.mode = .routing
            options.hasDefaultApp = hasDefaultApp
            try await ConversationHarness.with(options) { h in
                let user = "u-req-\(hasDefaultApp)"
                try await h.driver.userSays(user, "hi")
                if hasDefaultApp {
                    try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }
                    let refused = try await h.agentAPI("POST", "/agent/threads/\(user)/request", body: "")
                    #expect(refused.status == 409)
                    #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "request_not_allowed")
                    #expect(try await h.driver.thread(user).controls.allSatisfy { $0.action != "request" })
                } else {
                    // No default app: the thread stays idle until someone asks for it.
                    try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }
                    let granted = try await h.agentAPI("POST", "/agent/threads/\(user)/request", body: "")
                    #expect(granted.status == 200)
                    let thread = try await h.driver.waitForThread(user) { $0.owner == agentApp }
                    #expect(thread.owner == agentApp)
                }
            }
        }
    }
}
