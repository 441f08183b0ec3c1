import AgentWorker
import BotWorker
import MessengerPlatform
import SimulatorClient
import TestSupport
import Testing

/// The bot hands over to the live-agent app: the desk hears of it (signed), the agent answers and
/// hands back through the agent API, and `/back` ends a conversation for the desk.
@Suite("Agent worker conversations through the simulator", .serialized)
struct AgentConversationTests {
    let bot = ConversationHarness.botApp.rawValue
    let agentApp = ConversationHarness.agentApp.rawValue

    @Test func botHandsOverToTheAgentAppWhichRepliesAndHandsBack() async throws {
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        options.withDesk = true
        try await ConversationHarness.with(options) { h in
            let desk = try #require(h.desk)
            let user = "u-agent"
            try await h.driver.userSays(user, "hi")
            try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }

            // "/help" → control passes to the agent app → the desk is told (after one refused attempt).
            desk.failNext([503])
            try await h.driver.userSays(user, "/help")
            var thread = try await h.driver.waitForThread(user) { $0.owner == agentApp }
            #expect(thread.texts(by: bot).last == BotBehaviour.defaultHandoverReply)
            var events = try await desk.waitForEvents { $0.contains { $0.type == .conversationQueued } }
            let started = try #require(events.first { $0.type == .conversationQueued })
            #expect(started.userID == user && started.pageID == ConversationHarness.pageID)
            #expect(started.previousOwnerAppID == bot)
            #expect(started.metadata == BotBehaviour.defaultHandoverMetadata)
            #expect(desk.snapshot.attempts >= 2, "the refused delivery was retried")
            #expect(desk.snapshot.rejectedSignatures == 0)

            let owner = try await h.agentAPI("GET", "/agent/threads/\(user)")
            #expect(owner.status == 200)
            #expect(owner.json["owner_app_id"] as? String == agentApp)
            #expect(owner.json["is_owner"] as? Bool == true)

            // The user writes while the agent app owns the thread → the desk gets the message.
            try await h.driver.userSays(user, "my order #123 is late")
            events = try await desk.waitForEvents {
                $0.contains { $0.type == .message && $0.text == "my order #123 is late" }
            }
            #expect(events.first { $0.type == .message }?.mid != nil)

            // The agent replies through the agent API → Send API as the agent app; its echo follows.
            let reply = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/reply", body: #"{"text":"Sorry! Let me check."}"#)
            #expect(reply.status == 200)
            #expect(reply.json["message_id"] is String)
            thread = try await h.driver.waitForThread(user) { thread in
                guard let sent = thread.sends(by: agentApp).first else { return false }
                return thread.deliveries(of: "echo", to: agentApp).contains { $0.seq > sent.seq }
            }
            #expect(thread.texts(by: agentApp) == ["Sorry! Let me check."])
            let sent = try #require(thread.sends(by: agentApp).first)
            let echo = try #require(thread.deliveries(of: "echo", to: agentApp).first { $0.seq > sent.seq })
            #expect(echo.delivery?.placement == "messaging", "the owner gets the echo of its own reply")
            #expect(thread.deliveries(of: "echo", to: bot).last?.delivery?.placement == "standby")
            #expect(thread.texts(by: bot).count == 2, "the bot stays silent while the agent talks")

            // The agent hands the thread back → the bot owns it and answers again.
            let handback = try await h.agentAPI(
                "POST", "/agent/threads/\(user)/handback", body: #"{"metadata":"resolved"}"#)
            #expect(handback.status == 200)
            thread = try await h.driver.waitForThread(user) { $0.owner == bot }
            let pass = try #require(thread.controls.last { $0.action == "pass" })
            #expect(pass.by == agentApp && pass.to == bot && pass.metadata == "resolved")
            // The hand-back ends the conversation for the desk (delivered from the outbox).
            events = try await desk.waitForEvents {
                $0.contains { $0.type == .conversationEnded && $0.reason == "handed_back" }
            }
            let deskEvents = desk.snapshot.events.count
            try await h.driver.userSays(user, "thanks")
            thread = try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 3 }
            #expect(thread.texts(by: bot).last == BotRules.builtIn.reply(to: "thanks"))
            #expect(desk.snapshot.events.count == deskEvents, "standby traffic is not news for the desk")

            // "/help", then "/back" typed by the user → the bot takes the thread; the desk hears it ended.
            try await h.driver.userSays(user, "/help")
            try await h.driver.waitForThread(user) { $0.owner == agentApp }
            try await h.driver.userSays(user, "/back")
            thread = try await h.driver.waitForThread(user) {
                $0.owner == bot && $0.texts(by: bot).last == BotBehaviour.defaultBackReply
            }
            // Two conversations, each queued and ended: the first handed back, the second taken by the bot.
            events = try await desk.waitForEvents { $0.filter { $0.type == .conversationEnded }.count == 2 }
            let ended = events.filter { $0.type == .conversationEnded }
            #expect(ended.map(\.reason) == ["handed_back", "taken_by_bot"])
            #expect(ended.allSatisfy { $0.userID == user })
            #expect(ended.last?.newOwnerAppID == bot)
            #expect(events.filter { $0.type == .conversationQueued }.count == 2)
            #expect(desk.snapshot.eventIDHeaders.allSatisfy { !$0.isEmpty })
            // Every desk call continues the trace of the event it reports (the ingress started it).
            let traces = desk.snapshot.traceparents.map { TraceParent($0) }
            #expect(!traces.isEmpty && traces.allSatisfy { $0 != nil })
            #expect(Set(traces.compactMap { $0?.traceID }).count > 1, "each webhook has a trace of its own")
        }
    }
}
