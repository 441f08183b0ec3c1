/// A scripted conversation: the steps of the canonical example of the Handover Protocol.
public struct ConversationScript: Sendable {
    /// What the script shows.
    public var title: String
    /// The steps, in order.
    public var steps: [ConversationStep]

    /// A script of `steps`.
    public init(title: String, steps: [ConversationStep]) {
        self.title = title
        self.steps = steps
    }

    /// The canonical conversation (Bottender's messenger-handover example) with the Page Inbox as
    /// the bot's handover target: greet, ask for a person, talk to the Inbox while the bot stays
    /// silent, come back with `/back`, hand over again and get back with "Done", and finally an
    /// admin moves the thread into the Inbox and the bot passes control.
    public static func canonical(_ roles: StackRoles) -> ConversationScript {
        let bot = roles.botAppID
        let inbox = roles.pageInboxID
        return ConversationScript(
            title: "the canonical conversation (bot and Page Inbox)",
            steps: [
                ConversationStep("the user greets the bot", .user("hi"), expect: [.send(by: bot)], owner: bot),
                .askForTheInbox(bot: bot, inbox: inbox), .writeWhileTheInboxOwns(bot: bot, inbox: inbox),
                ConversationStep(
                    "a Page Inbox agent answers",
                    .inboxReply("Hi, this is Sam from the shop. Let me check your parcel."),
                    expect: [.send(by: inbox)], owner: inbox),
                ConversationStep(
                    "the user types /back: the bot takes the thread back", .user("/back"),
                    expect: [.control(action: "take", by: bot), .send(by: bot)], owner: bot),
                ConversationStep(
                    "the user asks for a person again", .user("/help"),
                    expect: [.send(by: bot), .control(action: "pass", by: bot, to: inbox)], owner: inbox),
                .inboxClicksDone(bot: bot, inbox: inbox),
                ConversationStep(
                    "a Page admin moves the thread into the Inbox: the bot passes control", .inboxMove,
                    expect: [.control(action: "request", by: inbox), .control(action: "pass", by: bot, to: inbox)],
                    owner: inbox),
            ])
    }

    /// The same conversation with the live-agent app as the bot's handover target: the desk offers
    /// it to the signed-in agent, who accepts, replies and hands back through the agent worker's
    /// API, and `/back` takes the thread from it.
    public static func liveAgent(_ roles: StackRoles) -> ConversationScript {
        let bot = roles.botAppID
        let agent = roles.agentAppID
        return ConversationScript(
            title: "the conversation with the live-agent app as the handover target",
            steps: [
                ConversationStep("the user greets the bot", .user("hi"), expect: [.send(by: bot)], owner: bot),
                ConversationStep(
                    "the user asks for a person: the bot passes the thread to the agent app", .user("/help"),
                    expect: [.send(by: bot), .control(action: "pass", by: bot, to: agent)], owner: agent),
                ConversationStep(
                    "the user writes while the agent app owns the thread: the bot stays silent",
                    .user("My parcel has not arrived yet."), owner: agent, silent: [bot]),
                ConversationStep(
                    "the desk offered the conversation to the live agent, who accepts it", .agentAccepts, owner: agent),
                ConversationStep(
                    "the live agent answers through the agent API",
                    .agentReply("Hi, this is Alex from support. Your parcel leaves today."),
                    expect: [.send(by: agent)], owner: agent),
                ConversationStep(
                    "the live agent hands the thread back to the bot", .agentHandBack,
                    expect: [.control(action: "pass", by: agent, to: bot)], owner: bot),
                ConversationStep("the bot answers again", .user("thanks"), expect: [.send(by: bot)], owner: bot),
                ConversationStep(
                    "the user asks for a person once more", .user("/help"),
                    expect: [.send(by: bot), .control(action: "pass", by: bot, to: agent)], owner: agent),
                ConversationStep(
                    "the user types /back: the bot takes the thread from the agent app", .user("/back"),
                    expect: [.control(action: "take", by: bot), .send(by: bot)], owner: bot),
            ])
    }

    /// The conversation under Conversation Routing (what every page runs today), with the Page
    /// Inbox as the bot's handover target: the user's first message gives the idle thread to the
    /// default app (the bot); `/help` passes it to the Inbox; the Inbox agent clicks Done; an Inbox
    /// agent replying in a thread the bot owns takes it, and the bot stays silent from then on; a
    /// day without a user message makes the thread idle; the user's next message gives it back to
    /// the default app.
    public static func routing(_ roles: StackRoles) -> ConversationScript {
        let bot = roles.botAppID
        let inbox = roles.pageInboxID
        return ConversationScript(
            title: "a Conversation Routing conversation (default app: the bot; the Page Inbox)",
            steps: [
                ConversationStep(
                    "the user writes into an idle thread: the default app (the bot) gets control and answers",
                    .user("hi"), expect: [.send(by: bot)], owner: bot),
                .askForTheInbox(bot: bot, inbox: inbox), .writeWhileTheInboxOwns(bot: bot, inbox: inbox),
                .inboxClicksDone(bot: bot, inbox: inbox),
                ConversationStep(
                    "an Inbox agent replies in the thread the bot owns: the Inbox takes control",
                    .inboxReply("Hi, this is Sam from the shop. I can help with that."),
                    expect: [.control(action: "take", by: inbox), .send(by: inbox)], owner: inbox),
                ConversationStep(
                    "the user answers the Inbox agent: the bot stays silent", .user("Thanks, Sam!"), owner: inbox,
                    silent: [bot]),
                ConversationStep(
                    "25 hours pass without a message from the user: the thread goes idle", .timePasses(hours: 25),
                    owner: nil),
                ConversationStep(
                    "the user writes again: the idle thread goes to the default app, which answers",
                    .user("hello again"), expect: [.send(by: bot)], owner: bot),
            ])
    }
}

extension ConversationStep {
    /// The user asks for a person: the bot passes the thread to the Page Inbox.
    static func askForTheInbox(bot: String, inbox: String) -> ConversationStep {
        ConversationStep(
            "the user asks for a person: the bot passes the thread to the Page Inbox", .user("/help"),
            expect: [.send(by: bot), .control(action: "pass", by: bot, to: inbox)], owner: inbox)
    }

    /// The user writes while the Page Inbox owns the thread: the bot stays silent.
    static func writeWhileTheInboxOwns(bot: String, inbox: String) -> ConversationStep {
        ConversationStep(
            "the user writes while the Page Inbox owns the thread: the bot stays silent",
            .user("My parcel has not arrived yet."), owner: inbox, silent: [bot])
    }

    /// The Inbox agent clicks Done: control goes back to the bot.
    static func inboxClicksDone(bot: String, inbox: String) -> ConversationStep {
        ConversationStep(
            "the Inbox agent clicks Done: control goes back to the bot", .inboxDone,
            expect: [.control(action: "pass", by: inbox, to: bot)], owner: bot)
    }
}
