import Simulator
import SimulatorClient
import TestSupport
import Testing

/// Conversation Routing as Meta runs it today (docs/protocol.md): the default app, idle threads,
/// who sees the owner, take / pass / request / release / extend, the Page Inbox, the Send API's
/// `thread_control`, postbacks and the idle timer. Time is moved with `POST /_sim/clock`, never
/// waited for. Where an id appears in a webhook, the rule runs in both id styles.
@Suite("Simulator Conversation Routing")
struct ConversationRoutingTests {
    typealias F = SimulatorFixture
    typealias IDStyle = SimulatorConfiguration.IDStyle

    /// A third app on the page, with a role but neither owner nor default app.
    static let observer = "3003000000003"

    private static func recipient(_ psid: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("recipient", .object([("id", .string(psid))]))] + extra)
    }

    private static func text(_ psid: String, _ text: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        recipient(psid, [("message", .object([("text", .string(text))]))] + extra)
    }

    private func threadOwner(_ f: F, _ psid: String, as app: String = F.bot) async throws -> F.Answer {
        try await f.graph("GET", "/me/thread_owner", as: app, query: ["recipient": psid])
    }

    private func owner(_ f: F, _ psid: String) async throws -> String? {
        try await f.thread(psid).owner
    }

    private func controlActions(_ f: F, _ psid: String) async throws -> [String] {
        try await f.thread(psid).controls.compactMap(\.action)
    }

    private static func observerApp() -> SimulatorConfiguration.App {
        // The fixture gives an app with any webhook URL a real receiver of its own.
        .init(
            id: observer, secret: F.secret(observer), pageAccessToken: F.token(observer), webhookURL: "receiver",
            role: .secondary)
    }

    // MARK: The default app and idle threads

    @Test(arguments: [IDStyle.string, .number])
    func aUserMessageIntoAnIdleThreadGivesControlToTheDefaultApp(style: IDStyle) async throws {
        try await F.run(mode: .routing, configure: { $0.idStyle = style }) { f in
            try await f.userSays("9001", "hello")
            #expect(try await f.event(F.bot) { $0.type == "message" }.placement == "messaging")
            #expect(try await f.event(F.agent) { $0.type == "message" }.placement == "standby")
            let answer = try await threadOwner(f, "9001")
            let owner = answer.json["data"]?.arrayValue?.first?["thread_owner"]
            #expect(owner?["app_id"]?.stringValue == F.bot || owner?["app_id"]?.intValue.map(String.init) == F.bot)
            #expect(owner?["expiration"]?.intValue != nil)
            #expect(try await controlActions(f, "9001") == ["default_app"])
            // No handover webhook for it: the default app simply gets the message.
            #expect(!(try await f.deliveries("9001").map(\.event).contains { $0.hasSuffix("thread_control") }))
        }
    }

    @Test func whileAThreadIsIdleOnlyTheDefaultAppMaySendAndItsSendLeavesTheThreadIdle() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9002", "hello")
            #expect(
                try await f.graph("POST", "/me/release_thread_control", as: F.bot, body: Self.recipient("9002")).status
                    == 200)
            let refused = try await f.graph("POST", "/me/messages", as: F.agent, body: Self.text("9002", "me?"))
            #expect(refused.status == 400)
            #expect(refused.errorCode == 10)
            #expect(refused.errorSubcode == 2_018_300)
            let sent = try await f.graph("POST", "/me/messages", as: F.bot, body: Self.text("9002", "still here"))
            #expect(sent.status == 200)
            #expect(try await owner(f, "9002") == nil)
            #expect(try await threadOwner(f, "9002").json == .object([("data", .array([]))]))
        }
    }

    @Test func withoutADefaultAppEveryAppGetsMessagingAndAnyAppMayReply() async throws {
        try await F.run(mode: .routing, configure: { $0.hasDefaultApp = false }) { f in
            try await f.userSays("9003", "hello")
            #expect(try await f.event(F.bot) { $0.type == "message" }.placement == "messaging")
            #expect(try await f.event(F.agent) { $0.type == "message" }.placement == "messaging")
            #expect(try await owner(f, "9003") == nil)
            for app in [F.bot, F.agent] {
                #expect(try await f.graph("POST", "/me/messages", as: app, body: Self.text("9003", "hi")).status == 200)
            }
            #expect(try await owner(f, "9003") == nil, "replying does not claim the thread")
            // take needs a default app.
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("9003"))
            #expect(take.status == 400)
            #expect(take.errorCode == 10)
        }
    }

    // MARK: thread_owner

    @Test func threadOwnerShowsTheOwnerOnlyToTheOwnerAndTheDefaultApp() async throws {
        try await F.run(mode: .routing, extraApps: [Self.observerApp()]) { f in
            try await f.userSays("9004", "hello")
            let pass = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("9004", [("target_app_id", .string(F.agent))]))
            #expect(pass.status == 200)
            for app in [F.agent, F.bot] {
                let seen = try await threadOwner(f, "9004", as: app).json["data"]?.arrayValue?.first?["thread_owner"]
                #expect(seen?["app_id"]?.stringValue == F.agent, "\(app) sees the owner")
                #expect(seen?["expiration"]?.intValue != nil)
            }
            let hidden = try await threadOwner(f, "9004", as: Self.observer)
            #expect(hidden.status == 200)
            let view = hidden.json["data"]?.arrayValue?.first?["thread_owner"]
            #expect(view?["app_id"] == nil, "another app sees only that the thread is owned")
            #expect(view?["expiration"]?.intValue != nil)

            #expect(
                try await f.graph("POST", "/me/release_thread_control", as: F.agent, body: Self.recipient("9004"))
                    .status == 200)
            #expect(try await threadOwner(f, "9004", as: Self.observer).json == .object([("data", .array([]))]))
        }
    }

    // MARK: take, pass, request

    @Test func anOwnerCannotTakeItsOwnThreadNorPassItToItself() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9005", "hello")
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("9005"))
            #expect(take.status == 400)
            #expect(take.errorCode == 100)
            let pass = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("9005", [("target_app_id", .string(F.bot))]))
            #expect(pass.status == 400)
            #expect(pass.errorCode == 100)
            #expect(try await owner(f, "9005") == F.bot)
        }
    }

    @Test(
        arguments: [
            (SimulatorConfiguration.TakeReceivers.everyApp, IDStyle.string),
            (.everyApp, .number), (.previousOwner, .string), (.previousOwner, .number),
        ])
    func aTakeIsHeardByThePreviousOwnerOrEveryAppAsConfigured(
        receivers: SimulatorConfiguration.TakeReceivers, style: IDStyle
    ) async throws {
        try await F.run(
            mode: .routing, extraApps: [Self.observerApp()],
            configure: {
                $0.takeReceivers = receivers
                $0.idStyle = style
            }
        ) { f in
            try await f.userSays("9006", "hello")
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("9006", [("target_app_id", .string(F.agent))]))
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("9006"))
            #expect(take.status == 200)
            let heard = try await f.event(F.agent) { $0.type == "take_thread_control" }
            #expect(heard.previousOwner == F.agent)
            #expect(heard.newOwner == F.bot)
            let takes = try await f.deliveries("9006").filter { $0.event == "take_thread_control" }.map(\.app)
            switch receivers {
            case .previousOwner: #expect(takes == [F.agent])
            case .everyApp: #expect(Set(takes) == [F.agent, Self.observer], "every app but the taker")
            }
        }
    }

    @Test func takingAnIdleThreadSendsNoWebhook() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9007", "hello")
            _ = try await f.graph("POST", "/me/release_thread_control", as: F.bot, body: Self.recipient("9007"))
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("9007"))
            #expect(take.status == 200)
            #expect(try await owner(f, "9007") == F.bot)
            #expect(!(try await f.deliveries("9007").map(\.event).contains("take_thread_control")))
        }
    }

    @Test func requestIsRefusedWhenThePageHasADefaultApp() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9008", "hello")
            let request = try await f.graph(
                "POST", "/me/request_thread_control", as: F.agent, body: Self.recipient("9008"))
            #expect(request.status == 400)
            #expect(request.errorCode == 10)
            #expect(try await owner(f, "9008") == F.bot)
        }
    }

    @Test(arguments: [IDStyle.string, .number])
    func withoutADefaultAppRequestGivesAnIdleThreadAtOnceAndOtherwiseAsksTheOwner(style: IDStyle) async throws {
        try await F.run(
            mode: .routing,
            configure: {
                $0.hasDefaultApp = false
                $0.idStyle = style
            }
        ) { f in
            try await f.userSays("9009", "hello")
            let first = try await f.graph(
                "POST", "/me/request_thread_control", as: F.agent, body: Self.recipient("9009"))
            #expect(first.status == 200)
            #expect(try await owner(f, "9009") == F.agent)
            let passed = try await f.event(F.agent) { $0.type == "pass_thread_control" }
            #expect(passed.newOwner == F.agent)
            #expect(passed.previousOwner == nil)

            let own = try await f.graph("POST", "/me/request_thread_control", as: F.agent, body: Self.recipient("9009"))
            #expect(own.status == 400, "the owner may not request its own thread")

            let asked = try await f.graph(
                "POST", "/me/request_thread_control", as: F.bot,
                body: Self.recipient("9009", [("metadata", "the bot would like it back")]))
            #expect(asked.status == 200)
            let request = try await f.event(F.agent) { $0.type == "request_thread_control" }
            #expect(request.requestedOwner == F.bot)
            #expect(request.metadata == "the bot would like it back")
            #expect(try await owner(f, "9009") == F.agent, "a request changes nothing by itself")
        }
    }

    // MARK: The Page Inbox

    @Test(arguments: [IDStyle.string, .number])
    func movingTheThreadIntoTheInboxTakesControlFromItsOwner(style: IDStyle) async throws {
        try await F.run(mode: .routing, configure: { $0.idStyle = style }) { f in
            try await f.userSays("9010", "hello")
            #expect(try await f.call("POST", "/_sim/inbox/9010/move").status == 200)
            let take = try await f.event(F.bot) { $0.type == "take_thread_control" }
            #expect(take.previousOwner == F.bot)
            #expect(take.newOwner == F.inbox)
            #expect(try await owner(f, "9010") == F.inbox)
            #expect(!(try await controlActions(f, "9010").contains("request")), "no request-then-bounce here")
        }
    }

    @Test(arguments: [IDStyle.string, .number])
    func anInboxAgentReplyingInAThreadItDoesNotControlTakesItAndTheReplyIsAnInboxEcho(style: IDStyle) async throws {
        try await F.run(mode: .routing, configure: { $0.idStyle = style }) { f in
            try await f.userSays("9011", "hello")
            let reply = try await f.call(
                "POST", "/_sim/inbox/9011/reply", body: .object([("text", "Hi, Sam here")]))
            #expect(reply.status == 200)
            let take = try await f.event(F.bot) { $0.type == "take_thread_control" }
            #expect(take.newOwner == F.inbox)
            let echo = try await f.event(F.bot) { $0.type == "echo" && $0.text == "Hi, Sam here" }
            #expect(echo.appID == F.inbox)
            #expect(echo.placement == "standby")
            #expect(try await owner(f, "9011") == F.inbox)
            // The bot may not answer the user while the Inbox has the thread.
            try await f.userSays("9011", "thanks")
            let refused = try await f.graph("POST", "/me/messages", as: F.bot, body: Self.text("9011", "bot here"))
            #expect(refused.errorSubcode == 2_018_300)
        }
    }

    // MARK: The Send API's thread_control

    @Test func threadControlWithoutAControlTypeReleasesAndPassWithoutAnAppGoesToTheDefaultApp() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9012", "hello")
            let released = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.text("9012", "bye for now", [("thread_control", .object([]))]))
            #expect(released.status == 200)
            #expect(try await owner(f, "9012") == nil)

            try await f.userSays("9012", "hello again")
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("9012", [("target_app_id", .string(F.agent))]))
            let back = try await f.graph(
                "POST", "/me/messages", as: F.agent,
                body: Self.text("9012", "handing you back", [("thread_control", .object([("control_type", "pass")]))]))
            #expect(back.status == 200)
            #expect(try await owner(f, "9012") == F.bot)
            let pass = try await f.event(F.bot) { $0.type == "pass_thread_control" && $0.previousOwner == F.agent }
            #expect(pass.newOwner == F.bot)
        }
    }

    // MARK: Postbacks and attachments

    @Test func aPostbackGoesWithItsPayloadToTheAppThatSentTheButtonWhoeverOwnsTheThread() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9013", "hello")
            let template: JSONValue = .object([
                ("type", "template"),
                (
                    "payload",
                    .object([
                        ("template_type", "button"), ("text", "Track your parcel?"),
                        (
                            "buttons",
                            .array([.object([("type", "postback"), ("title", "Track"), ("payload", "TRACK_PARCEL")])])
                        ),
                    ])
                ),
            ])
            let sent = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.recipient("9013", [("message", .object([("attachment", template)]))]))
            #expect(sent.status == 200)
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("9013", [("target_app_id", .string(F.agent))]))
            let press = try await f.call(
                "POST", "/_sim/users/9013/messages",
                body: .object([("postback", .object([("title", "Track"), ("payload", "TRACK_PARCEL")]))]))
            #expect(press.status == 200)
            let toBot = try await f.event(F.bot) { $0.type == "postback" }
            #expect(toBot.placement == "messaging")
            #expect(toBot.payload == "TRACK_PARCEL")
            let toAgent = try await f.event(F.agent) { $0.type == "postback" }
            #expect(toAgent.placement == "standby", "the owner did not send the button")
            #expect(toAgent.payload == nil)
        }
    }

    @Test func theSendAPITakesImagesAndFilesByURLAndRefusesOtherAttachments() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("9014", "hello")
            for type in ["image", "file"] {
                let attachment: JSONValue = .object([
                    ("type", .string(type)), ("payload", .object([("url", "https://example.com/label.pdf")])),
                ])
                let sent = try await f.graph(
                    "POST", "/me/messages", as: F.bot,
                    body: Self.recipient("9014", [("message", .object([("attachment", attachment)]))]))
                #expect(sent.status == 200, "\(type)")
            }
            for attachment: JSONValue in [
                .object([("type", "image"), ("payload", .object([("url", "ftp://example.com/x.png")]))]),
                .object([("type", "hologram"), ("payload", .object([]))]),
                .object([("type", "template"), ("payload", .object([]))]),
            ] {
                let refused = try await f.graph(
                    "POST", "/me/messages", as: F.bot,
                    body: Self.recipient("9014", [("message", .object([("attachment", attachment)]))]))
                #expect(refused.status == 400)
                #expect(refused.errorCode == 100)
            }
        }
    }

    // MARK: The idle timer and extend

    @Test func theIdleTimerCountsOnlyTheUsersMessages() async throws {
        try await F.run(mode: .routing, configure: { $0.idleTimeout = .seconds(60) }) { f in
            try await f.userSays("9015", "hello")
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 50)]))
            // The owner's own send does not keep the thread.
            #expect(try await f.graph("POST", "/me/messages", as: F.bot, body: Self.text("9015", "hi")).status == 200)
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 15)]))
            #expect(try await owner(f, "9015") == nil)
            #expect(try await controlActions(f, "9015").contains("expired"))

            // A user message does: it also gives the idle thread back to the default app.
            try await f.userSays("9015", "back")
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 50)]))
            try await f.userSays("9015", "still here")
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 50)]))
            #expect(try await owner(f, "9015") == F.bot)
        }
    }

    @Test func extendKeepsControlPastTheIdleTimeoutUpToSevenDays() async throws {
        try await F.run(mode: .routing, configure: { $0.idleTimeout = .seconds(60) }) { f in
            for psid in ["9016", "9017"] { try await f.userSays(psid, "hello") }
            let extend = try await f.graph(
                "POST", "/me/extend_thread_control", as: F.bot, body: Self.recipient("9017", [("duration", 3600)]))
            #expect(extend.status == 200)
            let tooLong = try await f.graph(
                "POST", "/me/extend_thread_control", as: F.bot, body: Self.recipient("9017", [("duration", 604_801)]))
            #expect(tooLong.status == 400)
            #expect(tooLong.errorCode == 100)
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 61)]))
            #expect(try await owner(f, "9016") == nil)
            #expect(try await owner(f, "9017") == F.bot)
            _ = try await f.call("POST", "/_sim/clock", body: .object([("advance_seconds", 3600)]))
            #expect(try await owner(f, "9017") == nil)
        }
    }
}
