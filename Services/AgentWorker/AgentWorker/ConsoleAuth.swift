import AgentDesk
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Sign-in and sessions of the agent console.
///
/// An agent signs in with their id and their token from the desk file. The session id travels
/// only in an `HttpOnly`, `SameSite=Strict` cookie scoped to `/console` (`Secure` unless turned
/// off for plain-HTTP development); the store keeps its SHA-256, never the id. Every
/// state-changing request must also carry the session's CSRF token in `X-CSRF-Token`, which
/// only the console's own page can read (from `GET /console/session`), and, when the browser
/// sends an `Origin`, come from the console's own origin. Sessions live in the desk's store, so
/// every replica knows them and a restart keeps them.
struct ConsoleAuth: Sendable {
    let store: DeskStore
    let agents: AgentDirectory
    let configuration: ConsoleConfiguration
    let clock: @Sendable () -> Int64

    /// The session cookie's name.
    static let cookieName = "handover_console"
    /// The header carrying the CSRF token.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// A signed-in request: who, and the session.
    struct Signed: Sendable {
        var agent: DeskAgent
        var session: DeskStore.ConsoleSession
        var idSHA256: String
    }

    /// Signs `agentID` in with `token`; returns the new session and its cookie.
    func signIn(agentID: String, token: String, request: Request) async throws -> (Signed, Cookie) {
        try checkOrigin(request)
        // No agent has such an id: refused like a wrong token, and not counted (the store keeps
        // attempts only for ids an agent could have).
        guard DeskAgent.isValidID(agentID) else { throw AgentAPIError.signInFailed }
        let now = clock()
        let attempts = try await store.countSignInAttempt(agentID: agentID, at: now, window: SignInThrottle.window)
        guard attempts <= SignInThrottle.limit else { throw AgentAPIError.tooManySignIns }
        guard let agent = agents.agent(token: token), agent.id == agentID else { throw AgentAPIError.signInFailed }
        try await store.clearSignInAttempts(agentID: agentID)
        let id = Self.randomToken()
        let session = DeskStore.ConsoleSession(
            agentID: agent.id, csrfToken: Self.randomToken(), createdAt: now,
            expiresAt: now + Int64(configuration.sessionLifetime.components.seconds) * 1000)
        let hash = Self.sha256(id)
        try await store.createSession(idSHA256: hash, session)
        return (Signed(agent: agent, session: session, idSHA256: hash), cookie(id))
    }

    /// The signed-in agent of `request`: a live session whose agent is still in the desk file;
    /// for anything but GET and HEAD, the session's CSRF token and the console's origin too.
    func signed(_ request: Request) async throws -> Signed {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { throw AgentAPIError.signedOut }
        let hash = Self.sha256(id)
        guard let session = try await store.session(idSHA256: hash, at: clock()) else {
            throw AgentAPIError.sessionExpired
        }
        guard let agent = agents.agent(id: session.agentID) else { throw AgentAPIError.sessionExpired }
        if request.method != .get && request.method != .head {
            try checkOrigin(request)
            guard let given = request.headers[Self.csrfHeader], Self.equal(given, session.csrfToken) else {
                throw AgentAPIError.csrfTokenInvalid
            }
        }
        return Signed(agent: agent, session: session, idSHA256: hash)
    }

    /// Ends the session of `request`.
    func signOut(_ signed: Signed) async throws {
        try await store.deleteSession(idSHA256: signed.idSHA256)
    }

    /// The session cookie carrying `value`; an empty value with `Max-Age=0` clears it.
    func cookie(_ value: String) -> Cookie {
        Cookie(
            name: Self.cookieName, value: value,
            maxAge: value.isEmpty ? 0 : Int(configuration.sessionLifetime.components.seconds), path: "/console",
            secure: configuration.secureCookie, httpOnly: true, sameSite: .strict)
    }

    /// A request from another origin is refused: the browser's `Origin` (sent on every
    /// cross-origin request and on same-origin POSTs) must name the host the request was sent to,
    /// or the host a reverse proxy says it was sent to (`X-Forwarded-Host`: a header a page of
    /// another site cannot add without a CORS preflight, which the console never grants).
    private func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        guard let url = URL(string: origin), let originHost = url.host else { throw AgentAPIError.crossOrigin }
        let originAuthority = (url.port.map { "\(originHost):\($0)" } ?? originHost).lowercased()
        let forwarded = request.headers[Self.forwardedHost]?.split(separator: ",").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard originAuthority == request.head.authority?.lowercased() || originAuthority == forwarded else {
            throw AgentAPIError.crossOrigin
        }
    }

    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func sha256(_ value: String) -> String {
        SHA256.hash(data: Data(value.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares in constant time (for equal lengths).
    static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// The console's sign-in throttle: an agent id gets 5 attempts in a run of 5 minutes from its
/// first attempt; a successful one ends the run, the sixth is refused until the run ends, even
/// with the right token. Attempts are counted in the desk's store, before the token is checked,
/// so guessing an agent's token gets 5 tries per 5 minutes across every replica together.
enum SignInThrottle {
    static let limit = 5
    static let window: Int64 = 5 * 60 * 1000
}
