import CurlHTTP
import Foundation
import Synchronization

/// The agent worker as a person or a desk uses it: go online, accept a conversation, reply, hand
/// the thread back.
///
/// A live agent works through the console's own HTTP endpoints, as the browser page does: signs
/// in at `/console/session` with their id and token, then calls `/console/api/…` with the session
/// cookie, the CSRF token and the console's origin. An external desk calls the bearer API under
/// `/agent` with the service token.
public final class AgentConsole: Sendable {
    /// Who acts.
    public enum Identity: Sendable {
        /// A desk agent, by id and token (through the console).
        case agent(StackAgent)
        /// An external desk, by the service token `AGENT_API_TOKEN` (the bearer API).
        case service(token: String)
    }

    private let client: CurlHTTPClient
    private let baseURL: String
    private let identity: Identity
    /// The console session: `Cookie` and `X-CSRF-Token` values, once signed in.
    private let session = Mutex<(cookie: String, csrf: String)?>(nil)

    /// A client of the agent worker at `baseURL` acting as `identity`.
    public init(baseURL: String, identity: Identity, client: CurlHTTPClient) {
        self.client = client
        self.baseURL = baseURL
        self.identity = identity
    }

    /// The first desk agent when the stack has one, the external desk otherwise.
    public convenience init(baseURL: String, agent: StackAgent?, serviceToken: String, client: CurlHTTPClient) {
        self.init(baseURL: baseURL, identity: agent.map { .agent($0) } ?? .service(token: serviceToken), client: client)
    }

    /// A desk agent signs in to the console (which also puts them online); the external desk has
    /// nothing to sign in to.
    public func signIn() async throws(StackError) {
        guard case .agent(let agent) = identity else { return }
        let http = StackHTTP(client: client, baseURL: baseURL, headers: [CurlHeader("Origin", baseURL)])
        let body = StackHTTP.json(["agent_id": agent.id, "token": agent.token])
        let (status, answer, headers) = try await http.exchange("POST", "/console/session", json: body)
        guard status == 200,
            let cookie = headers.first(where: { $0.name.lowercased() == "set-cookie" })?.value.split(separator: ";")
                .first.map(String.init),
            let csrf = (try? JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any])?["csrf_token"]
                as? String
        else {
            throw StackError(.request, "POST /console/session did not start a session for \(agent.id)")
        }
        session.withLock { $0 = (cookie, csrf) }
    }

    /// The agent accepts the conversation of `psid` (offered to them, or waiting in the queue).
    /// The handoff's webhook may still be on its way to the agent worker: a 404 (no conversation
    /// yet) or a 409 (not offered to anyone yet… or to someone else) is asked again for `patience`.
    public func accept(_ psid: String, patience: Duration = .seconds(15)) async throws(StackError) {
        let deadline = ContinuousClock.now + patience
        while true {
            let answer = try await call("POST", "/threads/\(psid)/accept", accept: [404, 409])
            if (200..<300).contains(answer.status) { return }
            guard ContinuousClock.now < deadline else {
                throw StackError(
                    .request,
                    "POST \(prefix)/threads/\(psid)/accept answered \(answer.status): \(StackHTTP.errorMessage(answer.body))"
                )
            }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { throw StackError(.request, "cancelled") }
        }
    }

    /// The agent replies to `psid` (Send API through the agent worker).
    public func reply(_ text: String, to psid: String) async throws(StackError) {
        _ = try await call("POST", "/threads/\(psid)/reply", json: StackHTTP.json(["text": text]))
    }

    /// The agent hands the thread back to the primary app (the bot).
    public func handBack(_ psid: String) async throws(StackError) {
        _ = try await call(
            "POST", "/threads/\(psid)/handback", json: StackHTTP.json(["metadata": "handover-stack: agent is done"]))
    }

    /// `/console/api` for an agent, `/agent` for the external desk.
    private var prefix: String {
        if case .agent = identity { "/console/api" } else { "/agent" }
    }

    /// One API call with the identity's credentials; an agent signs in first when needed.
    private func call(_ method: String, _ path: String, json: [UInt8]? = nil, accept: Set<Int> = [])
        async throws(StackError) -> (status: Int, body: [UInt8])
    {
        let headers: [CurlHeader]
        switch identity {
        case .service(let token):
            headers = [CurlHeader("Authorization", "Bearer \(token)")]
        case .agent:
            if session.withLock({ $0 }) == nil { try await signIn() }
            guard let (cookie, csrf) = session.withLock({ $0 }) else { throw StackError(.request, "not signed in") }
            headers = [CurlHeader("Cookie", cookie), CurlHeader("X-CSRF-Token", csrf), CurlHeader("Origin", baseURL)]
        }
        return try await StackHTTP(client: client, baseURL: baseURL, headers: headers)
            .call(method, prefix + path, json: json, accept: accept)
    }
}
