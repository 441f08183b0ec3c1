import AgentDesk
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceKit
import ServiceLifecycle

/// The agent console in the browser, under `/console`: its files, sign-in and sign-out, the agent
/// API again under `/console/api` for the signed-in agent (``AgentRoutes`` with ``ConsoleAuth``),
/// and live updates as Server-Sent Events (`/console/api/events`).
///
/// Every answer forbids framing and sniffing and is never cached by proxies; the page's Content
/// Security Policy allows only its own script and style, and images from anywhere over http(s)
/// (attachments the user sent).
struct ConsoleRoutes: Sendable {
    let api: AgentRoutes
    let auth: ConsoleAuth
    let changes: DeskChangeFeed
    let assets: ConsoleAssets
    /// Agents should send a heartbeat this often to stay online.
    let heartbeatInterval: Int64
    var metrics: DeskMetrics { api.desk.metrics }
    var canExtend: Bool {
        if case .routing = api.threadControl { true } else { false }
    }

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "
        + "media-src https: http:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

    func register(on router: Router<BasicRequestContext>) {
        let console = router.group("console")
        // `/console` and `/console/` are one path to the router; the page names its files absolutely.
        console.get("/") { request, _ in file("index.html", request) }
        for (name, _) in ConsoleAssets.names where name != "index.html" {
            console.get(RouterPath(name)) { request, _ in file(name, request) }
        }
        console.get("session") { request, _ in try await session(request) }
        console.post("session") { request, context in try await signIn(request, context) }
        console.delete("session") { request, _ in try await signOut(request) }
        let apiGroup = console.group("api")
        apiGroup.get("events") { request, _ in try await events(request) }
        var consoleAPI = api
        consoleAPI.console = auth
        consoleAPI.register(on: apiGroup)
    }

    // MARK: Files

    private func file(_ name: String, _ request: Request) -> Response {
        guard let asset = assets.files[name] else { return Response(status: .notFound) }
        var headers = Self.securityHeaders
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "no-cache"
        if request.headers[.ifNoneMatch] == asset.etag { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.body))
    }

    /// The headers every console answer carries.
    static var securityHeaders: HTTPFields {
        var headers: HTTPFields = [:]
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return headers
    }

    // MARK: Session

    /// Who is signed in, with the CSRF token the page must send back; `signed_in: false` and why
    /// (`signed_out`, `session_expired`) when nobody is. Asking is not an error, so the page's
    /// first look does not put a failed request in the browser's console.
    private func session(_ request: Request) async throws -> Response {
        do {
            let signed = try await api.store { try await auth.signed(request) }
            return try answer(.ok, SessionAnswer(signed, heartbeatMs: heartbeatInterval, canExtend: canExtend))
        } catch let error as AgentAPIError where error.status == .unauthorized {
            return try answer(.ok, SignedOutAnswer(reason: error.code))
        }
    }

    private func signIn(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw AgentAPIError.badRequest("sign in with a JSON body: {\"agent_id\":\"…\",\"token\":\"…\"}")
        }
        let body = try await api.decode(
            SignInBody.self, request, context, example: #"{"agent_id":"…","token":"…"}"#, optional: false)
        let signed: ConsoleAuth.Signed
        let cookie: Cookie
        do {
            (signed, cookie) = try await api.store {
                try await auth.signIn(agentID: body.agentID, token: body.token, request: request)
            }
        } catch let error as AgentAPIError {
            metrics.signIn(error == .tooManySignIns ? "throttled" : "refused")
            context.logger.notice(
                "console sign-in refused",
                metadata: ["agent.id": "\(body.agentID.prefix(64))", "reason": "\(error.code)"])
            throw error
        }
        metrics.signIn("signed_in")
        try await api.store {
            try await api.desk.store.heartbeat(agentID: signed.agent.id, status: "online", at: auth.clock())
        }
        context.logger.info("agent signed in to the console", metadata: ["agent.id": "\(signed.agent.id)"])
        var response = try answer(.ok, SessionAnswer(signed, heartbeatMs: heartbeatInterval, canExtend: canExtend))
        response.setCookie(cookie)
        return response
    }

    private func signOut(_ request: Request) async throws -> Response {
        let signed = try await api.store { try await auth.signed(request) }
        try await api.store { try await auth.signOut(signed) }
        try await api.store {
            try await api.desk.store.heartbeat(agentID: signed.agent.id, status: "offline", at: auth.clock())
        }
        var response = try answer(.ok, ["status": "signed_out"])
        response.setCookie(auth.cookie(""))
        return response
    }

    private func answer(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        var headers = Self.securityHeaders
        headers[.cacheControl] = "no-store"
        return try Response.json(status: status, value, headers: headers)
    }

    // MARK: Live updates

    /// `text/event-stream`: `change` when the desk changed (the page reloads what it shows),
    /// a comment as keep-alive, and `session` with `expired` (then the stream ends) when the
    /// session ended meanwhile.
    private func events(_ request: Request) async throws -> Response {
        let signed = try await api.store { try await auth.signed(request) }
        let store = auth.store
        let clock = auth.clock
        let changes = self.changes
        var headers = Self.securityHeaders
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { [metrics] writer in
                let (id, signals) = changes.listen()
                metrics.eventStreams(changes.count)
                defer {
                    changes.stop(id)
                    metrics.eventStreams(changes.count)
                }
                try await writer.write(ByteBuffer(string: "retry: 2000\nevent: ready\ndata: {}\n\n"))
                // At shutdown the stream ends at once, so the server need not wait for the page to go
                // (the HTTP server stops before the feed does; the browser reconnects elsewhere).
                try await withGracefulShutdownHandler {
                    try await Self.stream(
                        signals, writer: &writer, session: signed.idSHA256, store: store, clock: clock)
                } onGracefulShutdown: {
                    changes.stop(id)
                }
                try await writer.finish(nil)
            })
    }

    /// Writes `signals` as events until they end or the session does.
    private static func stream(
        _ signals: AsyncStream<DeskChangeFeed.Signal>, writer: inout any ResponseBodyWriter, session: String,
        store: DeskStore, clock: @Sendable () -> Int64
    ) async throws {
        stream: for await signal in signals {
            switch signal {
            case .changed(let mark):
                try await writer.write(ByteBuffer(string: "event: change\ndata: \"\(mark)\"\n\n"))
            case .tick:
                guard (try? await store.session(idSHA256: session, at: clock())) != nil else {
                    try await writer.write(ByteBuffer(string: "event: session\ndata: \"expired\"\n\n"))
                    break stream
                }
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
    }

    private struct SignInBody: Decodable {
        var agentID: String
        var token: String

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id", token
        }
    }
}

/// `GET /console/session` when nobody is signed in: `{"signed_in":false,"reason":…}`.
struct SignedOutAnswer: Encodable {
    var signedIn = false
    var reason: String

    enum CodingKeys: String, CodingKey {
        case signedIn = "signed_in", reason
    }
}

/// `GET /console/session`: the signed-in agent, the CSRF token, when the session ends, and how
/// often to send a presence heartbeat.
struct SessionAnswer: Encodable {
    struct Agent: Encodable {
        var id: String
        var name: String
    }

    var signedIn = true
    var agent: Agent
    var csrfToken: String
    var expiresAt: Int64
    var heartbeatMs: Int64
    /// Whether the agent app may extend its control (`extend_thread_control`: Conversation Routing).
    var canExtend: Bool

    init(_ signed: ConsoleAuth.Signed, heartbeatMs: Int64, canExtend: Bool) {
        agent = Agent(id: signed.agent.id, name: signed.agent.name)
        csrfToken = signed.session.csrfToken
        expiresAt = signed.session.expiresAt
        self.heartbeatMs = heartbeatMs
        self.canExtend = canExtend
    }

    enum CodingKeys: String, CodingKey {
        case signedIn = "signed_in", agent, csrfToken = "csrf_token", expiresAt = "expires_at"
        case heartbeatMs = "heartbeat_ms", canExtend = "can_extend"
    }
}
