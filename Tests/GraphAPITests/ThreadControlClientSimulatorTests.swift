import CurlHTTP
import GraphAPI
import MessengerPlatform
import Simulator
import SimulatorClient
import Testing

/// Every call of docs/protocol.md, "Graph calls and errors" against the simulator over real HTTP, as the apps of `TestApps`.
@Suite("ThreadControlClient against the simulator")
struct ThreadControlClientSimulatorTests {
    static let bot = AppID(TestApps.bot.id)
    static let agent = AppID(TestApps.agent.id)
    static let helper = AppID(TestApps.helper.id)

    @Test func primaryPassesToPageInboxAndTakesTheThreadBack() async throws {
        try await withSimulatedPlatform { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-inbox")
            #expect(try await bot.threadOwner(userID: "u-inbox") == .owned(ThreadOwner(appID: Self.bot)))

            try await bot.passThreadControlToPageInbox(userID: "u-inbox", metadata: "wants a human")
            #expect(try await platform.recordedOwner("u-inbox") == AppID.pageInbox.rawValue)
            #expect(try await bot.threadOwner(userID: "u-inbox").owner?.appID == .pageInbox)

            // The primary takes from the Page Inbox.
            let taken = try await bot.takeThreadControl(userID: "u-inbox", metadata: "bot resumes")
            #expect(taken == nil)
            #expect(try await platform.recordedOwner("u-inbox") == TestApps.bot.id)
        }
    }

    @Test func passToASecondaryAppMovesControlThere() async throws {
        try await withSimulatedPlatform { platform async throws in
            let bot = platform.client(TestApps.bot)
            let agent = platform.client(TestApps.agent)
            try await platform.userSays("hi", psid: "u-pass")
            try await bot.passThreadControl(userID: "u-pass", to: Self.agent, metadata: "escalated")
            #expect(try await agent.threadOwner(userID: "u-pass").owner?.appID == Self.agent)
            // The agent, now owner, hands back to the primary.
            try await agent.passThreadControl(userID: "u-pass", to: Self.bot)
            #expect(try await platform.recordedOwner("u-pass") == TestApps.bot.id)
        }
    }

    @Test func takeAcceptsBothAnswerShapes() async throws {
        try await withSimulatedPlatform(takeAnswer: .alternating) { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-take")
            try await bot.passThreadControlToPageInbox(userID: "u-take")
            let first = try await bot.takeThreadControl(userID: "u-take")  // {"success":true}
            try await bot.passThreadControlToPageInbox(userID: "u-take")
            let second = try await bot.takeThreadControl(userID: "u-take")  // {"data":[{"thread_owner":…}]}
            #expect(first == nil)
            #expect(second?.appID == Self.bot)
        }
    }

    @Test func secondaryRequestsControlFromThePrimary() async throws {
        try await withSimulatedPlatform { platform async throws in
            let agent = platform.client(TestApps.agent)
            try await platform.userSays("hi", psid: "u-request")
            try await agent.requestThreadControl(userID: "u-request", metadata: "agent free")
            let requests = try await platform.control.thread("u-request").controls.filter { $0.action == "request" }
            #expect(requests.count == 1)
            #expect(requests.first?.by == TestApps.agent.id)
            #expect(requests.first?.metadata == "agent free")
        }
    }

    @Test func releaseMakesTheThreadIdleUnderConversationRouting() async throws {
        try await withSimulatedPlatform(mode: .routing) { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-release")
            // The user's message gave the idle thread to the default app (the bot).
            let owned = try await bot.threadOwner(userID: "u-release")
            #expect(owned.owner?.appID == Self.bot)
            #expect(owned.owner?.expiration != nil)
            try await bot.releaseThreadControl(userID: "u-release", metadata: "done")
            #expect(try await bot.threadOwner(userID: "u-release") == .idle)
        }
    }

    @Test func extendPushesTheExpirationOutAndLongerThanSevenDaysIsRefusedLocally() async throws {
        try await withSimulatedPlatform(mode: .routing) { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-extend")
            let before = try #require(try await bot.threadOwner(userID: "u-extend").owner?.expiration)
            try await bot.extendThreadControl(userID: "u-extend", duration: .seconds(3 * 86_400))
            let after = try #require(try await bot.threadOwner(userID: "u-extend").owner?.expiration)
            #expect(after > before)
            #expect(after - before >= 2 * 86_400 * 1000)  // idle timeout is 24 h, the extension 3 days

            let error = await #expect(throws: GraphAPIError.self) {
                try await bot.extendThreadControl(userID: "u-extend", duration: .seconds(7 * 86_400 + 1))
            }
            #expect(error?.kind == .invalidArgument)
            #expect(try await platform.control.graphCalls("extend_thread_control") == 1)
            try await bot.extendThreadControl(userID: "u-extend", duration: .seconds(7 * 86_400))
        }
    }

    @Test func primaryListsSecondaryReceiversAndASecondaryMayNot() async throws {
        try await withSimulatedPlatform { platform async throws in
            let receivers = try await platform.client(TestApps.bot).secondaryReceivers()
            #expect(Set(receivers.map(\.id)) == [Self.agent, Self.helper, .pageInbox])
            #expect(receivers.first { $0.id == Self.agent }?.name == "Agent desk")

            let error = await #expect(throws: GraphAPIError.self) {
                _ = try await platform.client(TestApps.agent).secondaryReceivers()
            }
            #expect(error?.kind == .permission)
            #expect(error?.isRetriable == false)
        }
    }

    @Test func messagingFeatureStatusReportsThePagesFlags() async throws {
        try await withSimulatedPlatform(mode: .routing) { platform async throws in
            let status = try await platform.client(TestApps.bot).messagingFeatureStatus()
            #expect(status.handoverProtocolV2)
            #expect(status.messengerMultiApp)
            #expect(!status.instagramMultiApp)
            #expect(status.pageID == platform.simulator.configuration.pageID)
        }
    }

    @Test func sendDeliversTextWithQuickRepliesAndMetadata() async throws {
        try await withSimulatedPlatform { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-send")
            let sent = try await bot.send(
                OutgoingMessage(
                    recipientID: "u-send", text: "How can I help?",
                    quickReplies: [.text("Agent", payload: "AGENT"), .text("FAQ", payload: "FAQ")],
                    messagingType: .response, metadata: "bot:v1"))
            #expect(sent.recipientID == "u-send")
            #expect(!sent.messageID.isEmpty)
            let send = try await platform.control.thread("u-send").sends().first { $0.mid == sent.messageID }
            #expect(send?.text == "How can I help?")
            #expect(send?.metadata == "bot:v1")
        }
    }

    @Test func sendWithThreadControlPassesOrReleasesTheThread() async throws {
        try await withSimulatedPlatform(mode: .routing) { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-send-pass")
            try await bot.send(
                OutgoingMessage(
                    recipientID: "u-send-pass", text: "Passing you to an agent", threadControl: .pass(Self.agent)))
            #expect(try await platform.recordedOwner("u-send-pass") == TestApps.agent.id)

            try await platform.userSays("hi", psid: "u-send-release")
            try await bot.send(
                OutgoingMessage(
                    recipientID: "u-send-release", text: "Bye", messagingType: .update, threadControl: .release))
            #expect(try await platform.recordedOwner("u-send-release") == nil)
        }
    }

    @Test func twoHundredConcurrentCallsReuseAHandfulOfConnections() async throws {
        try await withSimulatedPlatform(maxConnectionsPerHost: 6) { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-many")
            let owners = try await withThrowingTaskGroup(of: ThreadOwnership.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await bot.threadOwner(userID: "u-many") }
                }
                var owners: [ThreadOwnership] = []
                for try await owner in group { owners.append(owner) }
                return owners
            }
            #expect(owners.count == 200)
            #expect(owners.allSatisfy { $0.owner?.appID == Self.bot })
            let connections = try await platform.control.stats().graphClientConnections
            #expect(connections <= 6)
            #expect(platform.http.connectionsOpened <= 6)
            #expect(try await platform.control.graphCalls("thread_owner") == 200)
        }
    }
}
