import Foundation
import Simulator
import SimulatorClient
import TestSupport
import Testing

/// Which app receives which webhook, in which array, after each kind of change (docs/protocol.md, "Webhooks"),
/// checked by signature-verifying receivers over real HTTP.
@Suite("Simulator webhook routing")
struct WebhookRoutingTests {
    typealias F = SimulatorFixture

    @Test func userMessageGoesToOwnerInMessagingAndToOtherAppsInStandby() async throws {
        try await F.run { f in
            let mid = try await f.userSays("7001", "hello")
            let botEvent = try await f.event(F.bot) { $0.type == "message" }
            let agentEvent = try await f.event(F.agent) { $0.type == "message" }
            #expect(mid.hasPrefix("m_"))
            #expect(botEvent.placement == "messaging")
            #expect(botEvent.mid == mid)
            #expect(botEvent.text == "hello")
            #expect(botEvent.psid == "7001")
            #expect(agentEvent.placement == "standby")
            #expect(agentEvent.mid == mid)
            // The Page Inbox has no webhook; nothing else was sent.
            let deliveries = try await f.deliveries("7001")
            #expect(deliveries.map(\.app) == [F.bot, F.agent])
            #expect(deliveries.map(\.placement) == ["messaging", "standby"])
        }
    }

    @Test func webhookBodiesAreSignedOverMetaEscapedBytes() async throws {
        try await F.run { f in
            try await f.userSays("7002", "Grüße / ok")
            let event = try await f.event(F.bot) { $0.type == "message" }
            #expect(event.text == "Grüße / ok")
            let delivery = try #require(f.receiver(F.bot).deliveries.first)
            let body = String(decoding: delivery.body, as: UTF8.self)
            // Meta escapes non-ASCII and slashes; the receiver verified the signature over these bytes.
            #expect(body.contains(#"Gr\u00fc\u00dfe \/ ok"#))
            #expect(delivery.signatureValid)
            #expect(delivery.sha1Valid == nil)
            #expect(body.hasPrefix(#"{"object":"page","entry":[{"id":"\#(F.pageID)","time":"#))
        }
    }

    @Test func passGivesTheNewOwnerPassThreadControlAndMovesMessaging() async throws {
        try await F.run { f in
            try await f.userSays("7003", "I need a human")
            let answer = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: .object([
                    ("recipient", .object([("id", "7003")])), ("target_app_id", .string(F.agent)),
                    ("metadata", "escalated"),
                ]))
            #expect(answer.status == 200)
            #expect(answer.json == .object([("success", true)]))
            let pass = try await f.event(F.agent) { $0.type == "pass_thread_control" }
            #expect(pass.placement == "messaging")
            #expect(pass.previousOwner == F.bot)
            #expect(pass.newOwner == F.agent)
            #expect(pass.metadata == "escalated")
            #expect(pass.psid == "7003")

            try await f.userSays("7003", "are you there?")
            let toAgent = try await f.event(F.agent) { $0.type == "message" && $0.text == "are you there?" }
            let toBot = try await f.event(F.bot) { $0.type == "message" && $0.text == "are you there?" }
            #expect(toAgent.placement == "messaging")
            #expect(toBot.placement == "standby")
            #expect(f.receiver(F.bot).events.allSatisfy { $0.type != "pass_thread_control" })
        }
    }

    @Test func takeNotifiesThePreviousOwner() async throws {
        try await F.run { f in
            try await f.userSays("7004", "hi")
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: .object([("recipient", .object([("id", "7004")])), ("target_app_id", .string(F.agent))]))
            let take = try await f.graph(
                "POST", "/\(F.pageID)/take_thread_control", as: F.bot,
                body: .object([("recipient", .object([("id", "7004")])), ("metadata", "bot resumes")]))
            #expect(take.status == 200)
            let event = try await f.event(F.agent) { $0.type == "take_thread_control" }
            #expect(event.placement == "messaging")
            #expect(event.previousOwner == F.agent)
            #expect(event.newOwner == F.bot)
            #expect(event.metadata == "bot resumes")
            let owner = try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "7004"])
            #expect(owner.json["data"]?.arrayValue?.first?["thread_owner"]?["app_id"]?.stringValue == F.bot)
        }
    }

    @Test func requestThreadControlReachesThePrimary() async throws {
        try await F.run { f in
            try await f.userSays("7005", "hi")
            let answer = try await f.graph(
                "POST", "/me/request_thread_control", as: F.agent,
                body: .object([("recipient", .object([("id", "7005")])), ("metadata", "agent free")]))
            #expect(answer.status == 200)
            let event = try await f.event(F.bot) { $0.type == "request_thread_control" }
            #expect(event.placement == "messaging")
            #expect(event.requestedOwner == F.agent)
            #expect(event.metadata == "agent free")
            // Meta's documentation writes this id as a JSON number.
            #expect(event.raw.contains(#""requested_owner_app_id":\#(F.agent)"#))
        }
    }

    @Test func sendsProduceEchoesWithTheSendersAppID() async throws {
        try await F.run { f in
            try await f.userSays("7006", "hi")
            let send = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: .object([
                    ("recipient", .object([("id", "7006")])), ("messaging_type", "RESPONSE"),
                    ("message", .object([("text", "Hello from the bot"), ("metadata", "bot-reply")])),
                ]))
            #expect(send.status == 200)
            #expect(send.json["recipient_id"]?.stringValue == "7006")
            let mid = try #require(send.json["message_id"]?.stringValue)
            let ownEcho = try await f.event(F.bot) { $0.type == "echo" }
            let agentEcho = try await f.event(F.agent) { $0.type == "echo" }
            #expect(ownEcho.placement == "messaging")
            #expect(agentEcho.placement == "standby")
            for echo in [ownEcho, agentEcho] {
                #expect(echo.mid == mid)
                #expect(echo.appID == F.bot)
                #expect(echo.psid == "7006")
                #expect(echo.text == "Hello from the bot")
                #expect(echo.metadata == "bot-reply")
            }
        }
    }

    @Test func roleChangeSendsAppRolesAndChangesWhoIsPrimary() async throws {
        try await F.run { f in
            let answer = try await f.call(
                "PUT", "/_sim/roles",
                body: .object([
                    (F.agent, .string("primary_receiver")), (F.bot, .array([.string("secondary_receiver")])),
                ]))
            #expect(answer.status == 200)
            for app in [F.bot, F.agent] {
                let event = try await f.event(app) { $0.type == "app_roles" }
                #expect(event.placement == "messaging")
                #expect(event.psid == nil)
                #expect(event.roles[F.agent] == ["primary_receiver"])
                #expect(event.roles[F.bot] == ["secondary_receiver"])
                #expect(event.roles[F.inbox] == ["secondary_receiver"])
            }
            let asNewPrimary = try await f.graph(
                "GET", "/me/secondary_receivers", as: F.agent, query: ["fields": "id,name"])
            #expect(asNewPrimary.status == 200)
            let ids = asNewPrimary.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(Set(ids) == [F.bot, F.inbox])
            let asFormerPrimary = try await f.graph("GET", "/me/secondary_receivers", as: F.bot)
            #expect(asFormerPrimary.status == 400)
            #expect(asFormerPrimary.errorCode == 10)
        }
    }

    @Test func aReceiverAnswering500TwiceGetsTheDeliveryRetriedAndInOrder() async throws {
        try await F.run(answers: [F.bot: [500, 500]]) { f in
            for text in ["one", "two", "three"] { try await f.userSays("7007", text) }
            let events = try await f.receiver(F.bot).waitUntil { $0.filter { $0.type == "message" }.count >= 3 }
            #expect(events.filter { $0.type == "message" }.map(\.text) == ["one", "two", "three"])
            let statuses = f.receiver(F.bot).deliveries.map(\.status)
            #expect(statuses == [500, 500, 200, 200, 200])
            // Every attempt is in the transcript with its status.
            let transcript = try await f.thread("7007").transcript
            let first = try #require(transcript.compactMap(\.delivery).first { $0.appID == F.bot })
            #expect(first.state == .delivered)
            #expect(first.attempts.map(\.status) == [500, 500, 200])
            // The agent's queue is independent and saw no failures.
            #expect(f.receiver(F.agent).deliveries.allSatisfy { $0.status == 200 })
        }
    }

    @Test func aReceiverThatNeverAcceptsEndsInFailedAfterTheRetryBound() async throws {
        try await F.run(answers: [F.agent: Array(repeating: 503, count: 20)]) { f in
            try await f.userSays("7008", "hello")
            _ = try await f.event(F.bot) { $0.type == "message" }
            // The state turns final after the last of .fast's attempts; poll the transcript (bounded).
            let receiver = f.receiver(F.agent)
            let deadline = ContinuousClock.now + .seconds(30)
            var state: WebhookDeliveryView.State?
            while ContinuousClock.now < deadline {
                let transcript = try await f.thread("7008").transcript
                state = transcript.compactMap(\.delivery).first { $0.appID == F.agent }?.state
                if state != .pending { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(state == .failed)
            #expect(receiver.deliveries.count == WebhookRetryPolicy.fast.maxAttempts)
            let stats = try await f.call("GET", "/_sim/stats").json
            #expect(stats["webhooks"]?["failed"]?.intValue == 1)
        }
    }

    @Test func appsAskingForSHA1AlsoGetTheLegacySignature() async throws {
        try await F.run(sha1Apps: [F.agent]) { f in
            try await f.userSays("7009", "hi")
            _ = try await f.event(F.agent) { $0.type == "message" }
            _ = try await f.event(F.bot) { $0.type == "message" }
            #expect(f.receiver(F.agent).deliveries.allSatisfy { $0.sha1Valid == true })
            #expect(f.receiver(F.bot).deliveries.allSatisfy { $0.sha1Valid == nil })
        }
    }

    @Test func postbacksGoToTheOwnerWithPayloadAndToStandbyWithout() async throws {
        try await F.run { f in
            let answer = try await f.call(
                "POST", "/_sim/users/7010/messages",
                body: .object([("postback", .object([("title", "Talk to us"), ("payload", "HUMAN")]))]))
            #expect(answer.status == 200)
            let owner = try await f.event(F.bot) { $0.type == "postback" }
            let other = try await f.event(F.agent) { $0.type == "postback" }
            #expect(owner.placement == "messaging")
            #expect(owner.payload == "HUMAN")
            #expect(other.placement == "standby")
            #expect(other.payload == nil)
        }
    }

    @Test func subscribedFieldsLimitWhatAnAppReceives() async throws {
        let watcher = SimulatorConfiguration.App(
            id: "3003000000003", secret: SimulatorFixture.secret("3003000000003"),
            pageAccessToken: SimulatorFixture.token("3003000000003"), webhookURL: "set-by-fixture", role: .secondary,
            subscribedFields: ["messaging_handovers"])
        try await F.run(extraApps: [watcher]) { f in
            try await f.userSays("7011", "hi")
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: .object([("recipient", .object([("id", "7011")])), ("target_app_id", .string(watcher.id))]))
            let pass = try await f.event(watcher.id) { $0.type == "pass_thread_control" }
            #expect(pass.newOwner == watcher.id)
            // No standby subscription: the user's message never reached it.
            #expect(f.receiver(watcher.id).events.map(\.type) == ["pass_thread_control"])
            #expect(
                try await f.deliveries("7011").filter { $0.app == watcher.id }.map(\.event) == ["pass_thread_control"])
        }
    }

    @Test func pendingEventsOfOneAppAreBatchedIntoOneRequestInOrder() async throws {
        try await F.run(configure: { $0.webhookBatchSize = 10 }) { f in
            let bot = f.receiver(F.bot)
            bot.hold()
            try await f.userSays("7012", "first")
            // The first request is on the wire and held; the next three queue up behind it.
            try await bot.waitUntilHolding(1)
            for text in ["second", "third", "fourth"] { try await f.userSays("7012", text) }
            bot.release()
            let events = try await bot.waitUntil { $0.filter { $0.type == "message" }.count >= 4 }
            #expect(events.map(\.text) == ["first", "second", "third", "fourth"])
            #expect(bot.deliveries.map(\.eventCount) == [1, 3])
            let batch = try #require(JSONValue.parse(bot.deliveries[1].body))
            let entries = batch["entry"]?.arrayValue ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["messaging"]?.arrayValue?.count == 3)
        }
    }
}
