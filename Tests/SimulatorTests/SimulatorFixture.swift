import CurlHTTP
import Foundation
import Logging
import MessengerPlatform
import ServiceLifecycle
import Simulator
import SimulatorClient
import TestSupport

/// A running simulator on its own port with a signature-checking webhook receiver per app, and a
/// libcurl client for Graph and control calls. Apps: the bot (primary / default app), the agent
/// app (secondary), and the Page Inbox.
final class SimulatorFixture: Sendable {
    static let pageID = "5005000000001"
    static let bot = "1001000000001"
    static let agent = "2002000000002"
    static let inbox = "263902037430900"

    /// The answer to one HTTP call, parsed.
    struct Answer: Sendable, CustomStringConvertible {
        let status: Int
        let json: JSONValue
        let headers: [CurlHeader]

        var errorCode: Int64? { json["error"]?["code"]?.intValue }
        var errorSubcode: Int64? { json["error"]?["error_subcode"]?.intValue }
        var description: String { "\(status) \(json.text())" }
    }

    let simulator: Simulator
    let receivers: [String: WebhookReceiver]
    let http: CurlHTTPClient
    let baseURL: String
    private let server: Task<Void, any Error>
    private let serviceGroup: ServiceGroup

    private init(
        simulator: Simulator, receivers: [String: WebhookReceiver], http: CurlHTTPClient, baseURL: String,
        server: Task<Void, any Error>, serviceGroup: ServiceGroup
    ) {
        self.simulator = simulator
        self.receivers = receivers
        self.http = http
        self.baseURL = baseURL
        self.server = server
        self.serviceGroup = serviceGroup
    }

    static func secret(_ app: String) -> String { "secret-\(app)" }
    static func token(_ app: String) -> String { "token-\(app)" }

    /// Starts receivers and a simulator, runs `body`, and stops everything, also when `body` throws.
    static func run(
        mode: SimulatorConfiguration.Mode = .handover,
        answers: [String: [Int]] = [:],
        extraApps: [SimulatorConfiguration.App] = [],
        sha1Apps: Set<String> = [],
        configure: (inout SimulatorConfiguration) -> Void = { _ in },
        _ body: (SimulatorFixture) async throws -> Void
    ) async throws {
        var logger = Logger(label: "simulator-test")
        logger.logLevel = .warning
        var receivers: [String: WebhookReceiver] = [:]
        var urls: [String: String] = [:]
        for app in [bot, agent] + extraApps.filter({ $0.webhookURL != nil }).map(\.id) {
            let receiver = WebhookReceiver(
                secret: secret(app), requireSHA1: sha1Apps.contains(app), answers: answers[app] ?? [], logger: logger)
            urls[app] = try await receiver.start()
            receivers[app] = receiver
        }
        var configuration = SimulatorConfiguration(
            host: "127.0.0.1", port: 0, pageID: pageID, mode: mode,
            apps: [
                .init(
                    id: bot, name: "Bot", secret: secret(bot), pageAccessToken: token(bot), webhookURL: urls[bot],
                    role: .primary, isDefault: true, signSHA1: sha1Apps.contains(bot)),
                .init(
                    id: agent, name: "Agent desk", secret: secret(agent), pageAccessToken: token(agent),
                    webhookURL: urls[agent], role: .secondary, signSHA1: sha1Apps.contains(agent)),
            ]
                + extraApps.map { app in
                    var app = app
                    if app.webhookURL != nil { app.webhookURL = urls[app.id] }
                    return app
                },
            webhookRetry: .fast,
            webhookTimeout: .seconds(10)
        )
        configure(&configuration)
        let simulator = try Simulator(configuration: configuration, logger: logger)
        let application = simulator.makeApplication()
        // A service group so that stopping is a graceful shutdown, as in production.
        let serviceGroup = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)
        let server = Task { try await serviceGroup.run() }
        let port = try await simulator.runningPort()
        let fixture = SimulatorFixture(
            simulator: simulator, receivers: receivers, http: CurlHTTPClient(),
            baseURL: "http://127.0.0.1:\(port)", server: server, serviceGroup: serviceGroup)
        do {
            try await body(fixture)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    private func stop() async {
        http.shutdown()
        await serviceGroup.triggerGracefulShutdown()
        _ = await server.result
        for receiver in receivers.values { await receiver.stop() }
    }

    func receiver(_ app: String) -> WebhookReceiver { receivers[app]! }

    // MARK: Calls

    /// A Graph call as `app` (its token and a correct `appsecret_proof`, unless overridden).
    func graph(
        _ method: String, _ path: String, as app: String, body: JSONValue? = nil, query: [String: String] = [:],
        token: String? = nil, proof: String?? = nil, client: CurlHTTPClient? = nil
    ) async throws -> Answer {
        let accessToken = token ?? Self.token(app)
        var parameters = query
        parameters["access_token"] = accessToken
        switch proof {
        case .none: parameters["appsecret_proof"] = Self.proof(token: accessToken, secret: Self.secret(app))
        case .some(.some(let value)): parameters["appsecret_proof"] = value
        case .some(.none): break
        }
        let queryString = parameters.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
        return try await call(method, "/v23.0\(path)?\(queryString)", body: body, client: client)
    }

    /// A call to the control API or any path.
    func call(
        _ method: String, _ path: String, body: JSONValue? = nil, rawBody: [UInt8]? = nil, client: CurlHTTPClient? = nil
    )
        async throws -> Answer
    {
        let bytes = rawBody ?? body?.serialized()
        let request = CurlRequest(
            method: method, url: baseURL + path,
            headers: bytes == nil ? [] : [CurlHeader(name: "Content-Type", value: "application/json")], body: bytes,
            timeout: .seconds(30))
        let response = try await (client ?? http).execute(request)
        let json = JSONValue.parse(response.body) ?? .string(String(decoding: response.body, as: UTF8.self))
        return Answer(status: response.status, json: json, headers: response.headers)
    }

    static func proof(token: String, secret: String) -> String {
        // Computed independently of the simulator: HMAC-SHA256 over the token keyed with the secret,
        // which is exactly a webhook signature of the token's bytes without the `sha256=` prefix.
        String(WebhookSignature.sign256(body: Array(token.utf8), secret: secret).dropFirst("sha256=".count))
    }

    /// The control API, through the fixture's HTTP client.
    var control: SimulatorClient { SimulatorClient(baseURL: baseURL, http: http, timeout: .seconds(30)) }

    /// The user `psid` writes `text`; returns the message id.
    @discardableResult
    func userSays(_ psid: String, _ text: String) async throws -> String {
        try await control.userSays(psid, text).mid
    }

    /// `GET /_sim/threads/{psid}`.
    func thread(_ psid: String) async throws -> SimulatedThreadView {
        try await control.thread(psid)
    }

    /// The deliveries of a thread's transcript: (app, placement, event), in order.
    func deliveries(_ psid: String) async throws -> [(app: String, placement: String, event: String)] {
        try await thread(psid).transcript.compactMap(\.delivery).map { ($0.appID, $0.placement, $0.event) }
    }

    /// Waits until `app` has received an event matching `predicate`; returns that event.
    @discardableResult
    func event(
        _ app: String, _ predicate: @escaping @Sendable (WebhookReceiver.Event) -> Bool
    ) async throws -> WebhookReceiver.Event {
        let events = try await receiver(app).waitUntil { $0.contains(where: predicate) }
        return events.first(where: predicate)!
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
