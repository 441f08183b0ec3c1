import Simulator
import SimulatorClient
import TestSupport
import Testing

/// The Page Inbox (human agents in Meta Business Suite) as a secondary receiver.
@Suite("Simulator Page Inbox")
struct PageInboxTests {
    typealias F = SimulatorFixture

    @Test func fullRoundTripThroughThePageInbox() async throws {
        try await F.run { f in
            try await f.userSays("6001", "I want a person")
            let pass = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: .object([
                    ("recipient", .object([("id", "6001")])), ("target_app_id", .string(F.inbox)),
                    ("metadata", "handover to inbox"),
                ]))
            #expect(pass.status == 200)
            #expect(try await f.thread("6001").owner == F.inbox)

            let reply = try await f.call("POST", "/_sim/inbox/6001/reply", body: .object([("text", "Hi, Anna here")]))
            #expect(reply.status == 200)
            let mid = try #require(reply.json["mid"]?.stringValue)
            for app in [F.bot, F.agent] {
                let echo = try await f.event(app) { $0.type == "echo" }
                #expect(echo.placement == "standby")
                #expect(echo.appID == F.inbox)
                #expect(echo.mid == mid)
                #expect(echo.text == "Hi, Anna here")
            }

            let done = try await f.call("POST", "/_sim/inbox/6001/done")
            #expect(done.status == 200)
            let back = try await f.event(F.bot) { $0.type == "pass_thread_control" }
            #expect(back.placement == "messaging")
            #expect(back.previousOwner == F.inbox)
            #expect(back.newOwner == F.bot)
            #expect(try await f.thread("6001").owner == F.bot)

            try await f.userSays("6001", "thanks")
            let after = try await f.event(F.bot) { $0.text == "thanks" }
            #expect(after.placement == "messaging")
        }
    }

    @Test func theInboxMayReplyOnlyWhileItOwnsTheThread() async throws {
        try await F.run { f in
            try await f.userSays("6002", "hi")
            let reply = try await f.call("POST", "/_sim/inbox/6002/reply", body: .object([("text", "hello")]))
            #expect(reply.status == 400)
            #expect(reply.errorCode == 10)
            #expect(reply.errorSubcode == 2_018_300)
            let done = try await f.call("POST", "/_sim/inbox/6002/done")
            #expect(done.status == 400)
        }
    }

    @Test func movingIntoTheInboxAsksThePrimaryAndBouncesBackWhenIgnored() async throws {
        try await F.run { f in
            try await f.userSays("6003", "hi")
            let move = try await f.call("POST", "/_sim/inbox/6003/move")
            #expect(move.status == 200)
            let request = try await f.event(F.bot) { $0.type == "request_thread_control" }
            #expect(request.requestedOwner == F.inbox)
            #expect(try await f.thread("6003").pendingInboxRequest)

            // The primary ignores it; the next user message bounces the thread back.
            try await f.userSays("6003", "hello?")
            let thread = try await f.thread("6003")
            #expect(thread.owner == F.bot)
            #expect(!thread.pendingInboxRequest)
            #expect(thread.controls.contains { $0.action == "bounced" })
        }
    }

    @Test func movingIntoTheInboxSucceedsWhenThePrimaryPasses() async throws {
        try await F.run { f in
            try await f.userSays("6004", "hi")
            _ = try await f.call("POST", "/_sim/inbox/6004/move")
            _ = try await f.event(F.bot) { $0.type == "request_thread_control" }
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: .object([("recipient", .object([("id", "6004")])), ("target_app_id", .string(F.inbox))]))
            try await f.userSays("6004", "hello?")
            let thread = try await f.thread("6004")
            #expect(thread.owner == F.inbox)
            #expect(!thread.pendingInboxRequest)
            let toBot = try await f.event(F.bot) { $0.text == "hello?" }
            #expect(toBot.placement == "standby")
        }
    }
}
