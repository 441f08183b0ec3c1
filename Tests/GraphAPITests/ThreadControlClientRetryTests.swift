import GraphAPI
import MessengerPlatform
import Simulator
import SimulatorClient
import Testing

/// Retries under faults the simulator injects: transient failures, rate limits with Retry-After.
@Suite("ThreadControlClient retries")
struct ThreadControlClientRetryTests {
    @Test func callsSucceedUnderThirtyPercentInjectedTransientFailures() async throws {
        try await withSimulatedPlatform { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-r1")
            try await platform.control.setFaults(FaultSetting(serverErrorShare: 0.15, temporaryErrorShare: 0.15))
            for _ in 0..<40 {
                #expect(try await bot.threadOwner(userID: "u-r1").owner?.appID == AppID(TestApps.bot.id))
            }
            for n in 0..<20 {
                try await bot.sendText("message \(n)", to: "u-r1")
            }
            let faults = try await platform.control.stats().injectedFaults.values.reduce(0, +)
            #expect(faults >= 12)  // about 30 % of some 60+ attempts
            // Every injected failure was retried, and each retry is counted.
            let retried =
                platform.metric("graph_calls_total", ["endpoint": "thread_owner", "outcome": "retried"])
                + platform.metric("graph_calls_total", ["endpoint": "messages", "outcome": "retried"])
            #expect(Int(retried) == faults)
            #expect(platform.metric("graph_calls_total", ["endpoint": "thread_owner", "outcome": "success"]) == 40)
            #expect(platform.metric("graph_calls_total", ["endpoint": "messages", "outcome": "success"]) == 20)
        }
    }

    @Test func retriesStopAtTheConfiguredBound() async throws {
        try await withSimulatedPlatform { platform async throws in
            let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
            let bot = platform.client(TestApps.bot, retry: policy)
            try await platform.userSays("hi", psid: "u-r2")
            try await platform.control.setFaults(FaultSetting(endpoints: ["thread_owner"], temporaryErrorShare: 1))
            let error = await #expect(throws: GraphAPIError.self) {
                _ = try await bot.threadOwner(userID: "u-r2")
            }
            #expect(error?.kind == .transient)
            #expect(error?.code == 2)
            #expect(error?.httpStatus == 503)
            #expect(error?.isRetriable == true)
            #expect(try await platform.control.graphCalls("thread_owner") == 3)
            #expect(platform.metric("graph_calls_total", ["endpoint": "thread_owner", "outcome": "retried"]) == 2)
            #expect(platform.metric("graph_calls_total", ["endpoint": "thread_owner", "outcome": "transient"]) == 1)
            #expect(
                platform.metric("graph_call_duration_seconds_count", ["endpoint": "thread_owner"]) == 3)
        }
    }

    @Test func rateLimitWithRetryAfterIsWaitedOutThenSucceeds() async throws {
        try await withSimulatedPlatform { platform async throws in
            // Backoff alone would retry within milliseconds; only Retry-After makes it wait.
            let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
            let bot = platform.client(TestApps.bot, retry: policy)
            try await platform.userSays("hi", psid: "u-r3")
            try await platform.control.setFaults(
                FaultSetting(endpoints: ["thread_owner"], rateLimitShare: 1, retryAfterSeconds: 1, limit: 1))
            let clock = ContinuousClock()
            let started = clock.now
            let ownership = try await bot.threadOwner(userID: "u-r3")
            let elapsed = clock.now - started
            #expect(ownership.owner?.appID == AppID(TestApps.bot.id))
            #expect(elapsed >= .seconds(1))
            #expect(try await platform.control.graphCalls("thread_owner") == 2)
            #expect(platform.metric("graph_calls_total", ["endpoint": "thread_owner", "outcome": "retried"]) == 1)
        }
    }

    @Test func retryAfterLongerThanTheCallMayWaitIsReturnedToTheCaller() async throws {
        try await withSimulatedPlatform { platform async throws in
            let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxRetryAfter: .seconds(2))
            let bot = platform.client(TestApps.bot, retry: policy)
            try await platform.userSays("hi", psid: "u-r4")
            try await platform.control.setFaults(
                FaultSetting(endpoints: ["thread_owner"], rateLimitShare: 1, retryAfterSeconds: 60, limit: 1))
            let error = await #expect(throws: GraphAPIError.self) {
                _ = try await bot.threadOwner(userID: "u-r4")
            }
            #expect(error?.kind == .rateLimited)
            #expect(error?.code == 613)
            #expect(error?.retryAfter == .seconds(60))
            #expect(error?.isRetriable == true)
            #expect(try await platform.control.graphCalls("thread_owner") == 1)
            #expect(platform.metric("graph_calls_total", ["endpoint": "thread_owner", "outcome": "rate_limited"]) == 1)
        }
    }

    @Test func serverErrorsAreRetriedForControlCallsToo() async throws {
        try await withSimulatedPlatform { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-r5")
            try await platform.control.setFaults(
                FaultSetting(endpoints: ["pass_thread_control"], serverErrorShare: 1, limit: 2))
            try await bot.passThreadControlToPageInbox(userID: "u-r5")
            #expect(try await platform.recordedOwner("u-r5") == AppID.pageInbox.rawValue)
            #expect(try await platform.control.graphCalls("pass_thread_control") == 3)
        }
    }
}
