import MessengerPlatform
import ServiceKit

/// How the bot behaves: its answers, the words that hand a conversation to a person and back,
/// where it hands over to, and whom it lets take a thread on request.
///
/// The defaults follow Bottender's messenger-handover example: `/help` passes the thread to the
/// Page Inbox, `/back` (seen on standby) takes it back.
public struct BotBehaviour: Sendable {
    /// Answers to ordinary text (`BOT_RULES_FILE`, built-in rules when unset).
    public var rules: BotRules
    /// Messages that ask for a person (`BOT_HELP_WORDS`, default `/help,help,agent,human`).
    public var helpWords: CommandWords
    /// Postback or quick-reply payloads that ask for a person (`BOT_HELP_PAYLOADS`, default `HUMAN_AGENT`).
    public var helpPayloads: Set<String>
    /// Messages, seen on standby, that bring the bot back (`BOT_BACK_WORDS`, default `/back`).
    public var backWords: CommandWords
    /// Where a help request passes control (`HANDOVER_TARGET_APP_ID`, default the Page Inbox).
    public var handoverTarget: AppID
    /// Who gets control on `request_thread_control` (`BOT_REQUEST_POLICY`, default `inbox-only`).
    public var requestPolicy: RequestPolicy
    /// Sent before handing over (`BOT_HANDOVER_REPLY`).
    public var handoverReply: String
    /// Sent after taking the thread back (`BOT_BACK_REPLY`).
    public var backReply: String
    /// Sent when another app passes control back to the bot (`BOT_WELCOME_BACK`; nil/empty: none).
    public var welcomeBack: String?
    /// The `metadata` of the pass on a help request, which the receiving app (or Inbox) sees.
    public var handoverMetadata: String
    /// The title of a quick-reply button offered under every rules answer (`BOT_PERSON_BUTTON`,
    /// default none); tapping it sends ``personButtonPayload``, which hands over like `/help`.
    public var personButton: String?
    /// The button's payload: the first of `BOT_HELP_PAYLOADS`.
    public var personButtonPayload: String

    /// `BOT_HELP_WORDS` when unset.
    public static let defaultHelpWords = ["/help", "help", "agent", "human"]
    /// `BOT_HELP_PAYLOADS` when unset: the payload of a "Talk to a person" button.
    public static let defaultHelpPayloads = ["HUMAN_AGENT"]
    /// `BOT_BACK_WORDS` when unset.
    public static let defaultBackWords = ["/back"]
    /// `BOT_HANDOVER_REPLY` when unset.
    public static let defaultHandoverReply = "OK, a person will be with you shortly."
    /// `BOT_BACK_REPLY` when unset.
    public static let defaultBackReply = "The bot is back. How can I help?"
    /// `BOT_HANDOVER_METADATA` when unset.
    public static let defaultHandoverMetadata = "handover-bot-worker: the user asked for a person"

    /// The default behaviour with `rules`.
    public init(rules: BotRules = .builtIn) {
        self.rules = rules
        helpWords = CommandWords(Self.defaultHelpWords)
        helpPayloads = Set(Self.defaultHelpPayloads)
        backWords = CommandWords(Self.defaultBackWords)
        handoverTarget = .pageInbox
        requestPolicy = .inboxOnly
        handoverReply = Self.defaultHandoverReply
        backReply = Self.defaultBackReply
        welcomeBack = nil
        handoverMetadata = Self.defaultHandoverMetadata
        personButton = nil
        personButtonPayload = Self.defaultHelpPayloads[0]
    }

    /// Reads the `BOT_*` variables and `HANDOVER_TARGET_APP_ID`; throws a ``ConfigurationError``
    /// naming the first bad one.
    public init(environment: ServiceEnvironment) throws(ConfigurationError) {
        let rules: BotRules =
            if let path = environment.string("BOT_RULES_FILE") { try BotRules.load(path: path) } else { .builtIn }
        self.init(rules: rules)
        helpWords = CommandWords(environment.list("BOT_HELP_WORDS", default: Self.defaultHelpWords))
        let payloads = environment.list("BOT_HELP_PAYLOADS", default: Self.defaultHelpPayloads)
        helpPayloads = Set(payloads)
        backWords = CommandWords(environment.list("BOT_BACK_WORDS", default: Self.defaultBackWords))
        guard !helpWords.words.isEmpty || !helpPayloads.isEmpty else {
            throw ConfigurationError(variable: "BOT_HELP_WORDS", problem: "and BOT_HELP_PAYLOADS are both empty")
        }
        guard helpWords.words.isDisjoint(with: backWords.words) else {
            throw ConfigurationError(variable: "BOT_BACK_WORDS", problem: "shares a word with BOT_HELP_WORDS")
        }
        let target = environment.string("HANDOVER_TARGET_APP_ID", default: AppID.pageInbox.rawValue)
        guard target.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ConfigurationError(variable: "HANDOVER_TARGET_APP_ID", problem: "must be a numeric app id")
        }
        handoverTarget = AppID(target)
        requestPolicy = try RequestPolicy(environment: environment)
        handoverReply = environment.string("BOT_HANDOVER_REPLY", default: Self.defaultHandoverReply)
        backReply = environment.string("BOT_BACK_REPLY", default: Self.defaultBackReply)
        welcomeBack = environment.string("BOT_WELCOME_BACK")
        handoverMetadata = environment.string("BOT_HANDOVER_METADATA", default: Self.defaultHandoverMetadata)
        if let button = environment.string("BOT_PERSON_BUTTON") {
            guard button.count <= 20 else {
                throw ConfigurationError(
                    variable: "BOT_PERSON_BUTTON", problem: "must be at most 20 characters (Meta's limit)")
            }
            guard let payload = payloads.first else {
                throw ConfigurationError(
                    variable: "BOT_HELP_PAYLOADS", problem: "must name a payload for BOT_PERSON_BUTTON")
            }
            personButton = button
            personButtonPayload = payload
        }
    }
}

extension BotBehaviour {
    /// What the bot (app `botAppID`) does about `observation`.
    ///
    /// An event on `messages` means the bot owns the thread (or, under Conversation Routing, the
    /// thread is idle and the bot is the default app); on `standby` another app owns it and the bot
    /// speaks only when the user asks for it back.
    public func action(for observation: BotObservation, botAppID: AppID) -> BotAction {
        switch observation.type {
        case .message, .postback:
            return observation.isStandby ? standbyAction(observation) : ownedAction(observation)
        case .passThreadControl:
            guard observation.newOwner == botAppID else {
                return .stayQuiet(reason: "control passed to another app")
            }
            guard let welcomeBack, let previous = observation.previousOwner, previous != botAppID else {
                return .stayQuiet(reason: "control passed to the bot")
            }
            return .welcomeBack(welcomeBack)
        case .takeThreadControl:
            return .stayQuiet(reason: "control taken")
        case .requestThreadControl:
            guard !observation.isStandby, let requester = observation.requester else {
                return .stayQuiet(reason: "request without a requester")
            }
            guard requester != botAppID else { return .stayQuiet(reason: "the bot's own request") }
            guard requestPolicy.grants(requester) else { return .declineRequest(from: requester) }
            return .grantRequest(to: requester, metadata: "granted by BOT_REQUEST_POLICY=\(requestPolicy)")
        case .appRoles:
            return .noteRoles
        case .echo, .read, .delivery:
            // The runtime filters these out; never answering them is what keeps bots from looping.
            return .stayQuiet(reason: "passive event")
        case .reaction, .referral, .optin, .policyEnforcement, .other:
            return .stayQuiet(reason: "nothing to answer")
        }
    }

    /// The bot owns the thread: help hands over, anything else is answered from the rules.
    private func ownedAction(_ observation: BotObservation) -> BotAction {
        if let payload = observation.payload, helpPayloads.contains(payload) {
            return .handOver(reply: handoverReply, target: handoverTarget, metadata: handoverMetadata)
        }
        if let text = observation.text {
            if helpWords.matches(text) {
                return .handOver(reply: handoverReply, target: handoverTarget, metadata: handoverMetadata)
            }
            if backWords.matches(text) { return .answer(backReply) }
            return .answer(rules.reply(to: text))
        }
        if observation.type == .postback, let label = observation.title ?? observation.payload {
            return .answer(rules.reply(to: label))
        }
        return .stayQuiet(reason: "no text to answer")
    }

    /// Someone else owns the thread: only the back words bring the bot in.
    private func standbyAction(_ observation: BotObservation) -> BotAction {
        guard let text = observation.text, backWords.matches(text) else {
            return .stayQuiet(reason: "another app owns the thread")
        }
        return .takeBack(reply: backReply, metadata: "handover-bot-worker: the user asked for the bot")
    }
}
