import CurlHTTP

/// The agent worker's API, as a live agent (with their own token) or an external desk (with the
/// service token) calls it: go online, accept a conversation, reply, hand the thread back.
public struct AgentConsole: Sendable {
    private let http: StackHTTP

    /// A client of the agent API at `baseURL` (the agent worker's port) with the bearer `token`.
    public init(baseURL: String, token: String, client: CurlHTTPClient) {
        http = StackHTTP(client: client, baseURL: baseURL, headers: [CurlHeader("Authorization", "Bearer \(token)")])
    }

    /// The agent goes online (a presence heartbeat; needs an agent's own token).
    public func signIn() async throws(StackError) {
        _ = try await http.call("POST", "/agent/presence", json: StackHTTP.json(["status": "online"]))
    }

    /// The agent accepts the conversation of `psid` (offered to them, or waiting in the queue).
    /// The handoff's webhook may still be on its way to the agent worker: a 404 (no conversation
    /// yet) or a 409 (not offered to anyone yet… or to someone else) is asked again for `patience`.
    public func accept(_ psid: String, patience: Duration = .seconds(15)) async throws(StackError) {
        let deadline = ContinuousClock.now + patience
        while true {
            let answer = try await http.call("POST", "/agent/threads/\(psid)/accept", accept: [404, 409])
            if (200..<300).contains(answer.status) { return }
            guard ContinuousClock.now < deadline else {
                throw StackError(
                    .request,
                    "POST /agent/threads/\(psid)/accept answered \(answer.status): \(StackHTTP.errorMessage(answer.body))"
                )
            }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { throw StackError(.request, "cancelled") }
        }
    }

    /// The agent replies to `psid` (Send API through the agent worker).
    public func reply(_ text: String, to psid: String) async throws(StackError) {
        _ = try await http.call("POST", "/agent/threads/\(psid)/reply", json: StackHTTP.json(["text": text]))
    }

    /// The agent hands the thread back to the primary app (the bot).
    public func handBack(_ psid: String) async throws(StackError) {
        _ = try await http.call(
            "POST", "/agent/threads/\(psid)/handback",
            json: StackHTTP.json(["metadata": "handover-stack: agent is done"]))
    }
}
