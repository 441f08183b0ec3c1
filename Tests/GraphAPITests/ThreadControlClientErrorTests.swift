import GraphAPI
import MessengerPlatform
import Simulator
import SimulatorClient
import Testing

/// The errors the simulator produces by its rules, mapped to typed kinds, never retried, and
/// never leaking the token or the secret.
@Suite("ThreadControlClient errors from the simulator's rules")
struct ThreadControlClientErrorTests {
    @Test func sendingWhileAnotherAppControlsTheThreadIsAnotherAppControlsThread() async throws {
        try await withSimulatedPlatform { platform async throws in
            try await platform.userSays("hi", psid: "u-e1")
            let error = await #expect(throws: GraphAPIError.self) {
                try await platform.client(TestApps.agent).sendText("hello", to: "u-e1")
            }
            #expect(error?.kind == .anotherAppControlsThread)
            #expect(error?.code == 10)
            #expect(error?.subcode == 2_018_300)
            #expect(error?.httpStatus == 400)
            #expect(error?.fbtraceID?.isEmpty == false)
            #expect(error?.isRetriable == false)
            // Never retried: exactly one attempt reached the server and was counted.
            #expect(try await platform.control.graphCalls("messages") == 1)
            #expect(
                platform.metric(
                    "graph_calls_total", ["endpoint": "messages", "outcome": "another_app_controls_thread"]) == 1)
            #expect(platform.metric("graph_calls_total", ["endpoint": "messages", "outcome": "retried"]) == 0)
        }
    }

    @Test func releasingAThreadOneDoesNotOwnIsNotThreadOwner() async throws {
        try await withSimulatedPlatform(mode: .routing) { platform async throws in
            try await platform.userSays("hi", psid: "u-e2")
            let error = await #expect(throws: GraphAPIError.self) {
                try await platform.client(TestApps.agent).releaseThreadControl(userID: "u-e2")
            }
            #expect(error?.kind == .notThreadOwner)
            #expect(error?.code == 100)
            #expect(error?.subcode == 2_534_037)
            #expect(error?.isRetriable == false)
            #expect(try await platform.control.graphCalls("release_thread_control") == 1)
        }
    }

    @Test func secondaryReadingAnotherSecondarysThreadGetsTheVisibilityError() async throws {
        try await withSimulatedPlatform { platform async throws in
            try await platform.userSays("hi", psid: "u-e3")
            try await platform.client(TestApps.bot).passThreadControl(userID: "u-e3", to: AppID(TestApps.helper.id))
            let error = await #expect(throws: GraphAPIError.self) {
                _ = try await platform.client(TestApps.agent).threadOwner(userID: "u-e3")
            }
            #expect(error?.kind == .ownershipNotVisible)
            #expect(error?.subcode == 2_018_234)
            // The primary sees it.
            #expect(
                try await platform.client(TestApps.bot).threadOwner(userID: "u-e3").owner?.appID
                    == AppID(TestApps.helper.id))
        }
    }

    @Test func appWithoutARoleGetsNoRole() async throws {
        try await withSimulatedPlatform { platform async throws in
            try await platform.userSays("hi", psid: "u-e4")
            let error = await #expect(throws: GraphAPIError.self) {
                try await platform.client(TestApps.stranger).requestThreadControl(userID: "u-e4")
            }
            #expect(error?.kind == .noRole)
            #expect(error?.isRetriable == false)
        }
    }

    @Test func passingToAnAppNotOnThePageIsInvalidAppID() async throws {
        try await withSimulatedPlatform { platform async throws in
            try await platform.userSays("hi", psid: "u-e5")
            let error = await #expect(throws: GraphAPIError.self) {
                try await platform.client(TestApps.bot).passThreadControl(userID: "u-e5", to: "987654321")
            }
            #expect(error?.kind == .invalidAppID)
            #expect(error?.subcode == 2_018_164)
        }
    }

    @Test func secondaryTakingFromThePrimaryIsAPermissionError() async throws {
        try await withSimulatedPlatform { platform async throws in
            try await platform.userSays("hi", psid: "u-e6")
            let error = await #expect(throws: GraphAPIError.self) {
                try await platform.client(TestApps.agent).takeThreadControl(userID: "u-e6")
            }
            #expect(error?.kind == .permission)
            #expect(error?.code == 10)
        }
    }

    @Test func wrongTokenOrWrongAppSecretProofIsAuthenticationAndLeaksNoSecret() async throws {
        try await withSimulatedPlatform { platform async throws in
            try await platform.userSays("hi", psid: "u-e7")
            let badToken = await #expect(throws: GraphAPIError.self) {
                _ = try await platform.client(TestApps.bot, accessToken: "not-a-token-xyz").threadOwner(userID: "u-e7")
            }
            #expect(badToken?.kind == .authentication)
            #expect(badToken?.code == 190)

            // The simulator recomputes appsecret_proof with the real secret: a proof keyed with
            // another secret is refused, the right one (every other test) accepted.
            let badProof = await #expect(throws: GraphAPIError.self) {
                _ = try await platform.client(TestApps.bot, appSecret: "wrong-secret-abc").threadOwner(userID: "u-e7")
            }
            #expect(badProof?.kind == .authentication)
            #expect(badProof?.message.contains("appsecret_proof") == true)
            #expect(badProof?.isRetriable == false)
            for error in [badToken, badProof].compactMap({ $0 }) {
                for text in [String(describing: error), String(reflecting: error)] {
                    #expect(!text.contains("not-a-token-xyz"))
                    #expect(!text.contains("wrong-secret-abc"))
                    #expect(!text.contains("bot-token"))
                    #expect(!text.contains("bot-secret"))
                }
            }
            #expect(try await platform.control.graphCalls("thread_owner") == 2)
        }
    }

    @Test func unknownUserIsAnOtherErrorNotRetried() async throws {
        try await withSimulatedPlatform { platform async throws in
            let error = await #expect(throws: GraphAPIError.self) {
                _ = try await platform.client(TestApps.bot).threadOwner(userID: "nobody-here")
            }
            #expect(error?.kind == .other)
            #expect(error?.code == 100)
            #expect(error?.isRetriable == false)
            #expect(try await platform.control.graphCalls("thread_owner") == 1)
        }
    }
}
