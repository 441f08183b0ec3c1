import BotWorker
import MessengerPlatform
import SimulatorClient
import TestSupport
import Testing

/// Bottender's messenger-handover conversation, end to end: simulator → ingress → Kafka → bot
/// worker → simulator's Graph API, asserting the simulator's transcript and owner after each step.
@Suite("Bot worker conversations through the simulator", .serialized)
struct BotConversationTests {
    let bot = ConversationHarness.botApp.rawValue
    let inbox = AppID.pageInbox.rawValue

    @Test func bottenderConversationWithThePageInbox() async throws {
        var options = ConversationHarness.Options()
        options.welcomeBack = "Welcome back! The bot is here again."
        try await ConversationHarness.with(options) { h in
            let user = "u-bottender"

            // "hi" → the bot answers from its rules; it holds the thread (handover mode: primary).
            try await h.driver.userSays(user, "hi")
            var thread = try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }
            #expect(thread.texts(by: bot) == [BotRules.builtIn.reply(to: "hi")])
            #expect(thread.owner == bot)

            // "/help" → "a person is coming", then control passes to the Page Inbox with metadata.
            try await h.driver.userSays(user, "/help")
            thread = try await h.driver.waitForThread(user) { $0.owner == inbox }
            #expect(thread.texts(by: bot).last == BotBehaviour.defaultHandoverReply)
            let pass = try #require(thread.controls.last { $0.action == "pass" })
            #expect(pass.by == bot && pass.to == inbox)
            #expect(pass.metadata == BotBehaviour.defaultHandoverMetadata)
            let replySequence = try #require(thread.sends(by: bot).last?.seq)
            #expect(replySequence < pass.seq, "the user is told before the thread moves")

            // User text while the Inbox owns the thread → the bot gets it on standby and stays silent.
            let botSends = thread.sends(by: bot).count
            let quiet = try await h.metric(h.bot, "bot_actions_total", ["action": "quiet"])
            try await h.driver.userSays(user, "is anyone there?")
            try await h.waitForMetric(h.bot, "bot_actions_total", ["action": "quiet"], atLeast: quiet + 1)
            try await h.driver.inboxReplies(user, "Hi, this is Anna from support.")
            thread = try await h.driver.waitForThread(user) { $0.sends(by: inbox).count == 1 }
            #expect(thread.sends(by: bot).count == botSends)
            #expect(thread.owner == inbox)
            #expect(thread.deliveries(of: "message", to: bot).last?.delivery?.placement == "standby")

            // "/back" (seen on standby) → the bot takes the thread and says it is back.
            try await h.driver.userSays(user, "/back")
            thread = try await h.driver.waitForThread(user) {
                $0.owner == bot && $0.texts(by: bot).last == BotBehaviour.defaultBackReply
            }
            let take = try #require(thread.controls.last { $0.action == "take" })
            #expect(take.by == bot && take.from == inbox)

            // "/help" again, then the Inbox agent clicks Done → the bot owns it and welcomes the user back.
            try await h.driver.userSays(user, "/help")
            try await h.driver.waitForThread(user) { $0.owner == inbox }
            try await h.driver.inboxDone(user)
            thread = try await h.driver.waitForThread(user) {
                $0.owner == bot && $0.texts(by: bot).last == options.welcomeBack
            }
            #expect(thread.controls.last { $0.action == "pass" }?.by == inbox)

            // An agent moves the thread into the Inbox → the bot grants the Inbox's request (default policy).
            try await h.driver.inboxMove(user)
            thread = try await h.driver.waitForThread(user) { $0.owner == inbox }
            let request = try #require(thread.controls.last { $0.action == "request" })
            let granted = try #require(thread.controls.last { $0.action == "pass" })
            #expect(request.by == inbox)
            #expect(granted.by == bot && granted.to == inbox && granted.seq > request.seq)
            #expect(granted.metadata == "granted by BOT_REQUEST_POLICY=inbox-only")
            #expect(!thread.pendingInboxRequest)

            // Never an answer to an echo: every bot send is accounted for by a user action above.
            #expect(thread.texts(by: bot).count == 5)
        }
    }

    @Test func requestFromTheInboxIsDeclinedUnderPolicyNeverAndTheThreadBouncesBack() async throws {
        var options = ConversationHarness.Options()
        options.requestPolicy = .never
        try await ConversationHarness.with(options) { h in
            let user = "u-never"
            try await h.driver.userSays(user, "hi")
            try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }

            let declined = try await h.metric(h.bot, "bot_actions_total", ["action": "decline_request"])
            try await h.driver.inboxMove(user)
            try await h.waitForMetric(h.bot, "bot_actions_total", ["action": "decline_request"], atLeast: declined + 1)
            var thread = try await h.driver.thread(user)
            #expect(thread.owner == bot)
            #expect(thread.pendingInboxRequest)

            // The next user message bounces the thread back to "Done", and the bot answers it.
            try await h.driver.userSays(user, "hello?")
            thread = try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 2 }
            #expect(thread.controls.contains { $0.action == "bounced" })
            #expect(thread.owner == bot)
            #expect(!thread.controls.contains { $0.action == "pass" })
        }
    }

    @Test func personButtonUnderAnswersHandsOverAndRoleChangesAreCounted() async throws {
        var options = ConversationHarness.Options()
        options.personButton = "Talk to a person"
        try await ConversationHarness.with(options) { h in
            let user = "u-button"
            try await h.driver.userSays(user, "what is this?")
            var thread = try await h.driver.waitForThread(user) { $0.texts(by: bot).count == 1 }
            #expect(thread.texts(by: bot) == [BotRules.defaultFallback])

            try await h.driver.userTapsQuickReply(user, "Talk to a person", payload: "HUMAN_AGENT")
            thread = try await h.driver.waitForThread(user) { $0.owner == inbox }
            #expect(thread.texts(by: bot).last == BotBehaviour.defaultHandoverReply)

            try await h.driver.changeRoles([
                bot: "primary_receiver", ConversationHarness.agentApp.rawValue: "secondary_receiver",
            ])
            try await h.waitForMetric(h.bot, "bot_actions_total", ["action": "app_roles"], atLeast: 1)
        }
    }
}

/// The messaging window from the bot's side: it never tags `HUMAN_AGENT`, so a welcome-back sent
/// more than a day after the user's last message is refused by Meta, and the bot takes that quietly
/// (no retry, no dead letter).
@Suite("Bot and the messaging window", .serialized)
struct BotWindowTests {
    @Test func aWelcomeBackOutsideTheWindowIsRefusedAndDroppedQuietly() async throws {
        var options = ConversationHarness.Options()
        options.withAgent = true
        options.handoverTarget = ConversationHarness.agentApp
        options.welcomeBack = "Welcome back, the bot is here again."
        try await ConversationHarness.with(options) { h in
            let user = "u-late-welcome"
            let agent = ConversationHarness.agentApp.rawValue
            let bot = ConversationHarness.botApp.rawValue
            try await h.driver.userSays(user, "/help")
            try await h.driver.waitForThread(user) { $0.owner == agent }
            try await h.advanceClock(hours: 30)
            #expect(try await h.agentAPI("POST", "/agent/threads/\(user)/handback", body: "").status == 200)
            try await h.driver.waitForThread(user) { $0.owner == bot }
            try await h.waitForMetric(
                h.bot, "graph_calls_total", ["endpoint": "messages", "outcome": "outside_messaging_window"], atLeast: 1)
            #expect(try await h.driver.thread(user).texts(by: bot).allSatisfy { !$0.contains("Welcome back") })
            #expect(try await h.metric(h.bot, "worker_dlq_records_total") == 0)
            #expect(try await h.metric(h.bot, "worker_events_total", ["outcome": "retried"]) == 0)
        }
    }
}
