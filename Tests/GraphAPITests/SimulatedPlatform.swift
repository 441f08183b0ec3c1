import CurlHTTP
import Foundation
import GraphAPI
import Logging
import MessengerPlatform
import MetricsReading
import ServiceKit
import Simulator
import SimulatorClient

/// The apps of the simulated page the client tests act as.
enum TestApps {
    typealias App = SimulatorConfiguration.App
    /// Primary receiver (handover) / default app (routing).
    static let bot = App(
        id: "1110001", name: "Bot", secret: "bot-secret", pageAccessToken: "bot-token", role: .primary, isDefault: true)
    /// A secondary receiver (the agent desk).
    static let agent = App(
        id: "2220002", name: "Agent desk", secret: "agent-secret", pageAccessToken: "agent-token", role: .secondary)
    /// Another secondary receiver.
    static let helper = App(
        id: "3330003", name: "Helper", secret: "helper-secret", pageAccessToken: "helper-token", role: .secondary)
    /// Connected to the page without a handover role.
    static let stranger = App(
        id: "4440004", name: "Stranger", secret: "stranger-secret", pageAccessToken: "stranger-token", role: .none)
    static let all = [bot, agent, helper, stranger]
}

/// A running simulator plus what the tests need around it: clients acting as each app, a client of
/// the `/_sim/` control API over its own connections, and the metrics the clients write.
struct SimulatedPlatform: Sendable {
    let simulator: Simulator
    let baseURL: String
    /// The HTTP client every `ThreadControlClient` of this platform shares.
    let http: CurlHTTPClient
    /// The control API, over its own HTTP client so Graph connection counts stay the clients' own.
    let control: SimulatorClient
    let metrics: ServiceMetrics

    /// Fast retries so tests do not wait on backoff.
    static let quickRetry = RetryPolicy(
        maxAttempts: 4, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20), maxRetryAfter: .seconds(10))

    /// A client acting as `app`; `appSecret`/`accessToken` override the app's real ones.
    func client(
        _ app: SimulatorConfiguration.App, retry: RetryPolicy = quickRetry, appSecret: String? = nil,
        accessToken: String? = nil
    ) -> ThreadControlClient {
        ThreadControlClient(
            configuration: GraphAPIConfiguration(
                baseURL: baseURL, version: "v23.0", appID: AppID(app.id), appSecret: appSecret ?? app.secret,
                retry: retry, timeout: .seconds(30), plainHTTP: .loopback),
            page: PageAccess(pageID: simulator.configuration.pageID, accessToken: accessToken ?? app.pageAccessToken!),
            http: http, metrics: metrics.factory, logger: quietLogger("graph-test"))
    }

    /// A user writes to the page (creates the thread on first contact).
    func userSays(_ text: String, psid: String) async throws {
        try await control.userSays(psid, text)
    }

    /// The owner the simulator records for `psid` (nil when idle).
    func recordedOwner(_ psid: String) async throws -> String? {
        try await control.thread(psid).owner
    }

    /// A sample of the clients' metrics.
    func metric(_ name: String, _ labels: [String: String]) -> Double {
        MetricsText(text: String(decoding: metrics.exposition(), as: UTF8.self)).sum(name, where: labels)
    }
}

/// Runs a simulator on a free port with `TestApps` for the duration of `body` (the simulator's own
/// `withRunning`, which stops it with a graceful shutdown as in production).
func withSimulatedPlatform<Result: Sendable>(
    mode: SimulatorConfiguration.Mode = .handover, takeAnswer: SimulatorConfiguration.TakeAnswer = .success,
    idStyle: SimulatorConfiguration.IDStyle = .meta, maxConnectionsPerHost: Int = 8,
    _ body: @Sendable (SimulatedPlatform) async throws -> Result
) async throws -> Result {
    let configuration = SimulatorConfiguration(
        port: 0, mode: mode, apps: TestApps.all, requireAppSecretProof: true, takeAnswer: takeAnswer, idStyle: idStyle)
    return try await Simulator.withRunning(configuration: configuration, logger: quietLogger("simulator")) {
        simulator in
        let port = try await simulator.runningPort()
        let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: maxConnectionsPerHost))
        let controlHTTP = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 2))
        // Closing the clients' connections first lets the simulator's graceful shutdown finish.
        defer {
            http.shutdown()
            controlHTTP.shutdown()
        }
        let platform = SimulatedPlatform(
            simulator: simulator, baseURL: "http://127.0.0.1:\(port)", http: http,
            control: SimulatorClient(baseURL: "http://127.0.0.1:\(port)", http: controlHTTP),
            metrics: ServiceMetrics())
        return try await body(platform)
    }
}

/// An integer from `JSONSerialization` output, whichever way the platform bridges numbers.
func jsonInt(_ value: Any?) -> Int? {
    switch value {
    case let number as Int: number
    case let number as Int64: Int(number)
    case let number as Double: Int(number)
    case let number as NSNumber: number.intValue
    default: nil
    }
}
