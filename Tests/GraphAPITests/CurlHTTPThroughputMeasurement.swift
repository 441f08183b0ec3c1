import CurlHTTP
import Foundation
import GraphAPI
import Hummingbird
import Testing

/// Throughput numbers for the README, not a pass/fail check: run with
/// `GRAPH_MEASURE=1 swift test --skip-build --filter CurlHTTPThroughputMeasurement`.
@Suite("CurlHTTP throughput measurement", .enabled(if: ProcessInfo.processInfo.environment["GRAPH_MEASURE"] == "1"))
struct CurlHTTPThroughputMeasurement {
    static let total = 20_000

    @Test(arguments: [1, 16, 64, 256])
    func loopbackRequestsPerSecond(concurrency: Int) async throws {
        let router = Router()
        router.get("ping") { _, _ in "pong" }
        try await withLocalServer(router) { port async throws in
            let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 8))
            defer { http.shutdown() }
            let request = CurlRequest(url: "http://127.0.0.1:\(port)/ping")
            let clock = ContinuousClock()
            let started = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for _ in stride(from: worker, to: Self.total, by: concurrency) {
                            let response = try await http.execute(request)
                            #expect(response.status == 200)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds =
                Double((clock.now - started).components.attoseconds) / 1e18
                + Double((clock.now - started).components.seconds)
            print(
                "CurlHTTP loopback: concurrency \(concurrency): \(Int(Double(Self.total) / seconds)) requests/s,"
                    + " \(http.connectionsOpened) connections")
        }
    }

    @Test(arguments: [1, 64])
    func simulatorThreadOwnerCallsPerSecond(concurrency: Int) async throws {
        try await withSimulatedPlatform { platform async throws in
            let bot = platform.client(TestApps.bot)
            try await platform.userSays("hi", psid: "u-measure")
            let calls = 5_000
            let clock = ContinuousClock()
            let started = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for _ in stride(from: worker, to: calls, by: concurrency) {
                            _ = try await bot.threadOwner(userID: "u-measure")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "ThreadControlClient → simulator thread_owner: concurrency \(concurrency): "
                    + "\(Int(Double(calls) / seconds)) calls/s, \(platform.http.connectionsOpened) connections")
        }
    }
}
