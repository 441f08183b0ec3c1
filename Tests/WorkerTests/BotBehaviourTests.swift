import BotWorker
import MessengerPlatform
import ServiceKit
import Testing

@Suite("Bot behaviour (decision table)")
struct BotBehaviourTests {
    let bot: AppID = "1001"
    let agentApp: AppID = "2002"
    let behaviour = BotBehaviour()

    @Test func textWhileTheBotOwnsTheThreadIsAnsweredFromTheRules() {
        #expect(
            behaviour.action(for: .init(type: .message, text: "hi"), botAppID: bot)
                == .answer(BotRules.builtIn.reply(to: "hi")))
        #expect(
            behaviour.action(for: .init(type: .message, text: "xyz"), botAppID: bot)
                == .answer(BotRules.defaultFallback))
    }

    @Test(arguments: ["/help", "help", "HELP!", " agent ", "Human?"])
    func helpWordsHandTheThreadToTheTarget(text: String) {
        #expect(
            behaviour.action(for: .init(type: .message, text: text), botAppID: bot)
                == .handOver(
                    reply: BotBehaviour.defaultHandoverReply, target: .pageInbox,
                    metadata: BotBehaviour.defaultHandoverMetadata))
    }

    @Test func helpInsideASentenceIsAnOrdinaryMessage() {
        #expect(
            behaviour.action(for: .init(type: .message, text: "this does not help"), botAppID: bot)
                == .answer(BotRules.defaultFallback))
    }

    @Test func helpPostbackOrQuickReplyPayloadHandsOver() {
        let expected = BotAction.handOver(
            reply: BotBehaviour.defaultHandoverReply, target: .pageInbox, metadata: BotBehaviour.defaultHandoverMetadata
        )
        #expect(
            behaviour.action(
                for: .init(type: .postback, payload: "HUMAN_AGENT", title: "Talk to a person"), botAppID: bot)
                == expected)
        #expect(
            behaviour.action(
                for: .init(type: .message, text: "Talk to a person", payload: "HUMAN_AGENT"), botAppID: bot) == expected
        )
    }

    @Test func backWordOnStandbyTakesTheThreadBack() {
        guard
            case .takeBack(let reply, _) = behaviour.action(
                for: .init(type: .message, isStandby: true, text: "/back"), botAppID: bot)
        else {
            Issue.record("expected takeBack")
            return
        }
        #expect(reply == BotBehaviour.defaultBackReply)
    }

    @Test func otherStandbyTrafficIsSilent() {
        for observation in [
            BotObservation(type: .message, isStandby: true, text: "hi"),
            BotObservation(type: .message, isStandby: true, text: "/help"),
            BotObservation(type: .postback, isStandby: true, title: "Talk to a person"),
        ] {
            guard case .stayQuiet = behaviour.action(for: observation, botAppID: bot) else {
                Issue.record("expected silence for \(observation)")
                continue
            }
        }
    }

    @Test func echoesReadsAndDeliveriesAreNeverAnswered() {
        for type in [EventType.echo, .read, .delivery] {
            guard case .stayQuiet = behaviour.action(for: .init(type: type, text: "hi"), botAppID: bot) else {
                Issue.record("\(type) must not be answered")
                continue
            }
        }
    }

    @Test func defaultRequestPolicyPassesOnlyToTheInboxes() {
        #expect(
            behaviour.action(for: .init(type: .requestThreadControl, requester: .pageInbox), botAppID: bot)
                == .grantRequest(to: .pageInbox, metadata: "granted by BOT_REQUEST_POLICY=inbox-only"))
        guard
            case .grantRequest = behaviour.action(
                for: .init(type: .requestThreadControl, requester: .instagramInbox), botAppID: bot)
        else {
            Issue.record("the Instagram Inbox is an inbox too")
            return
        }
        #expect(
            behaviour.action(for: .init(type: .requestThreadControl, requester: agentApp), botAppID: bot)
                == .declineRequest(from: agentApp))
    }

    @Test func requestPoliciesAlwaysAndNever() {
        #expect(RequestPolicy.always.grants(agentApp))
        #expect(RequestPolicy.always.grants(.pageInbox))
        #expect(!RequestPolicy.never.grants(.pageInbox))
        #expect(!RequestPolicy.inboxOnly.grants(agentApp))
        var never = behaviour
        never.requestPolicy = .never
        #expect(
            never.action(for: .init(type: .requestThreadControl, requester: .pageInbox), botAppID: bot)
                == .declineRequest(from: .pageInbox))
    }

    @Test func welcomeBackOnlyWhenConfiguredAndControlCameBackFromAnotherApp() {
        let back = BotObservation(type: .passThreadControl, newOwner: bot, previousOwner: .pageInbox)
        guard case .stayQuiet = behaviour.action(for: back, botAppID: bot) else {
            Issue.record("no welcome-back message is configured by default")
            return
        }
        var friendly = behaviour
        friendly.welcomeBack = "Welcome back!"
        #expect(friendly.action(for: back, botAppID: bot) == .welcomeBack("Welcome back!"))
        guard
            case .stayQuiet = friendly.action(
                for: .init(type: .passThreadControl, newOwner: agentApp, previousOwner: bot), botAppID: bot),
            case .stayQuiet = friendly.action(
                for: .init(type: .passThreadControl, newOwner: bot, previousOwner: nil), botAppID: bot)
        else {
            Issue.record("welcome back only when another app passes control to the bot")
            return
        }
    }

    @Test func appRolesAreNoted() {
        #expect(behaviour.action(for: .init(type: .appRoles), botAppID: bot) == .noteRoles)
    }

    @Test func observationFromATypedWebhookItem() throws {
        let json =
            #"{"sender":{"id":"u1"},"recipient":{"id":"p1"},"timestamp":1,"pass_thread_control":{"previous_owner_app_id":263902037430900,"new_owner_app_id":"1001","metadata":"done"}}"#
        let event = try MessagingEvent(json: Array(json.utf8))
        let observation = BotObservation(event: event, isStandby: false)
        #expect(observation.type == .passThreadControl)
        #expect(observation.newOwner == bot)
        #expect(observation.previousOwner == .pageInbox)
    }

    @Test func environmentConfiguresWordsTargetAndPolicy() throws {
        let behaviour = try BotBehaviour(
            environment: ServiceEnvironment([
                "BOT_HELP_WORDS": "/human, operator", "BOT_BACK_WORDS": "/bot", "HANDOVER_TARGET_APP_ID": "2002",
                "BOT_REQUEST_POLICY": "always", "BOT_WELCOME_BACK": "Hi again",
            ]))
        #expect(behaviour.helpWords.matches("Operator"))
        #expect(!behaviour.helpWords.matches("/help"))
        #expect(behaviour.backWords.matches("/bot"))
        #expect(behaviour.handoverTarget == agentApp)
        #expect(behaviour.requestPolicy == .always)
        #expect(behaviour.welcomeBack == "Hi again")
        #expect(try BotBehaviour(environment: ServiceEnvironment([:])).welcomeBack == nil)
    }

    @Test func personButtonCarriesTheFirstHelpPayload() throws {
        let behaviour = try BotBehaviour(
            environment: ServiceEnvironment([
                "BOT_PERSON_BUTTON": "Talk to a person", "BOT_HELP_PAYLOADS": "AGENT,HUMAN",
            ]))
        #expect(behaviour.personButton == "Talk to a person")
        #expect(behaviour.personButtonPayload == "AGENT")
        #expect(BotBehaviour().personButton == nil)
    }

    @Test(arguments: [
        (["BOT_PERSON_BUTTON": "A title far longer than twenty"], "BOT_PERSON_BUTTON"),
        (["BOT_REQUEST_POLICY": "sometimes"], "BOT_REQUEST_POLICY"),
        (["HANDOVER_TARGET_APP_ID": "page-inbox"], "HANDOVER_TARGET_APP_ID"),
        (["BOT_HELP_WORDS": "/x", "BOT_BACK_WORDS": "/x"], "BOT_BACK_WORDS"),
    ])
    func badEnvironmentNamesTheVariable(variables: [String: String], variable: String) {
        #expect {
            _ = try BotBehaviour(environment: ServiceEnvironment(variables))
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }
}
