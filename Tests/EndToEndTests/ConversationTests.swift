import Foundation
import LocalStack
import MetricsReading
import SimulatorClient
import Testing

/// The canonical conversation and its live-agent variant through every real process: the
/// simulator's webhooks → ingress → Kafka → workers → Graph client → simulator.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ConversationTests {
    @Test func canonicalConversationHandsTheThreadToThePageInboxAndBackAcrossEveryProcess() async throws {
        try await EndToEndStack.run("canonical") { e2e in
            let bot = e2e.roles.botAppID
            let inbox = e2e.roles.pageInboxID
            let psid = "canonical-1"
            let outcomes = try await e2e.player.run(.canonical(e2e.roles), psid: psid)
            #expect(outcomes.map(\.thread.owner) == [bot, inbox, inbox, inbox, bot, inbox, bot, inbox])

            // Each step's own effects, as the simulator recorded them.
            let effects = outcomes.map { outcome in
                outcome.lines.filter { $0.kind != .delivery }.map { Self.describe($0, e2e.roles) }
            }
            #expect(effects[0] == ["user: hi", "send bot"])
            #expect(effects[1] == ["user: /help", "send bot", "control pass bot→inbox"])
            #expect(effects[2] == ["user: My parcel has not arrived yet."], "the bot must stay silent")
            #expect(effects[3] == ["send inbox"])
            #expect(effects[4] == ["user: /back", "control take bot←inbox", "send bot"])
            #expect(effects[5] == ["user: /help", "send bot", "control pass bot→inbox"])
            #expect(effects[6] == ["control pass inbox→bot"])
            #expect(effects[7] == ["control request inbox", "control pass bot→inbox"])

            // The whole transcript: the bot spoke exactly four times, and never after a message it
            // only saw on standby.
            let thread = try await e2e.thread(psid)
            #expect(thread.texts(by: bot).count == 4)
            #expect(thread.owner == inbox)
            #expect(thread.transcript.filter { $0.kind == .delivery }.allSatisfy { $0.delivery?.state == .delivered })
        }
    }

    @Test func liveAgentRepliesThroughTheConsoleAndHandsTheThreadBack() async throws {
        try await EndToEndStack.run("agent", configure: { $0.handoverTarget = $0.agentApp.id }) { e2e in
            let bot = e2e.roles.botAppID
            let agent = e2e.roles.agentAppID
            let psid = "agent-1"
            let outcomes = try await e2e.player.run(.liveAgent(e2e.roles), psid: psid)
            #expect(outcomes.map(\.thread.owner) == [bot, agent, agent, agent, agent, bot, bot, agent, bot])

            let effects = outcomes.map { outcome in
                outcome.lines.filter { $0.kind != .delivery }.map { Self.describe($0, e2e.roles) }
            }
            #expect(effects[1] == ["user: /help", "send bot", "control pass bot→agent"])
            #expect(effects[2] == ["user: My parcel has not arrived yet."], "the bot must stay silent")
            #expect(effects[3] == [], "accepting changes nothing the user sees")
            #expect(effects[4] == ["send agent"])
            #expect(effects[5] == ["control pass agent→bot"])
            #expect(effects[6] == ["user: thanks", "send bot"])
            #expect(effects[8] == ["user: /back", "control take bot←agent", "send bot"])

            let thread = try await e2e.thread(psid)
            #expect(thread.texts(by: agent) == ["Hi, this is Alex from support. Your parcel leaves today."])
            // Alex worked it through the console's own endpoints (a session and its CSRF token,
            // not a bearer token): signed in by the stack at start, and again by the player.
            let agentWorker = try await e2e.metrics(of: .agentWorker)
            #expect((agentWorker.value("agent_console_sign_ins_total", ["outcome": "signed_in"]) ?? 0) >= 2)

            // The audit worker logged each change of control that reached an app's webhook once.
            let changes = try await AuditLog.waitForChanges(
                in: e2e.configuration.logURL(.auditWorker), user: psid, count: 4)
            // The changes reach the ingress through two apps' webhooks (a pass goes to the new owner),
            // which race each other, here as at Meta: the set is exact, the order across apps is not.
            #expect(
                changes.map(\.summary).sorted()
                    == [
                        "pass_thread_control \(bot)→\(agent)", "pass_thread_control \(agent)→\(bot)",
                        "pass_thread_control \(bot)→\(agent)", "take_thread_control \(agent)→\(bot)",
                    ].sorted())
        }
    }

    /// Conversation Routing through every process: the idle thread goes to the default app (the
    /// bot) when the user writes, the Inbox takes it by replying and the bot stays silent from then
    /// on, a day without the user makes it idle, and the next message gives it back to the bot.
    @Test func routingConversationGivesIdleThreadsToTheDefaultAppAndTheInboxTakesByReplying() async throws {
        try await EndToEndStack.run("routing", configure: { $0.simulatorMode = "routing" }) { e2e in
            let bot = e2e.roles.botAppID
            let inbox = e2e.roles.pageInboxID
            let psid = "routing-1"
            let outcomes = try await e2e.player.run(.routing(e2e.roles), psid: psid)
            #expect(outcomes.map(\.thread.owner) == [bot, inbox, inbox, bot, inbox, inbox, nil, bot])
            let effects = outcomes.map { outcome in
                outcome.lines.filter { $0.kind != .delivery }.map { Self.describe($0, e2e.roles) }
            }
            #expect(effects[0] == ["user: hi", "send bot"])
            #expect(effects[1] == ["user: /help", "send bot", "control pass bot→inbox"])
            #expect(effects[2] == ["user: My parcel has not arrived yet."], "the bot must stay silent")
            #expect(effects[3] == ["control pass inbox→bot"])
            #expect(effects[4] == ["control take inbox←bot", "send inbox"])
            #expect(effects[5] == ["user: Thanks, Sam!"], "the bot must stay silent after the Inbox took the thread")
            #expect(effects[7] == ["user: hello again", "send bot"])

            // The idle thread went to the default app twice: at the first message and after the lapse.
            let thread = try await e2e.thread(psid)
            let controls = thread.transcript.filter { $0.kind == .control }.map { Self.describe($0, e2e.roles) }
            #expect(controls.filter { $0 == "control default_app bot" }.count == 2)
            #expect(controls.contains { $0.hasPrefix("control expired") }, "the Inbox's control lapsed")
            #expect(thread.texts(by: bot).count == 3)
        }
    }

    /// `user: text`, `send bot`, `control pass bot→inbox`: a line in the roles' words.
    static func describe(_ line: TranscriptLine, _ roles: StackRoles) -> String {
        func role(_ id: String?) -> String {
            switch id {
            case roles.pageInboxID: "inbox"
            case roles.botAppID: "bot"
            case roles.agentAppID: "agent"
            default: id ?? "none"
            }
        }
        switch line.kind {
        case .userMessage: return "user: \(line.text ?? "")"
        case .send: return "send \(role(line.appID))"
        case .control:
            switch line.action {
            case "pass": return "control pass \(role(line.from))→\(role(line.to))"
            case "take": return "control take \(role(line.by))←\(role(line.from))"
            case "default_app": return "control default_app \(role(line.to))"
            default: return "control \(line.action ?? "?") \(role(line.by))"
            }
        default: return line.kind.rawValue
        }
    }
}
