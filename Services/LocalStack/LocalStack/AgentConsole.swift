import CurlHTTP

/// The agent worker's API, as a live agent's desk would call it: reply in a thread the agent app
/// owns, hand it back to the bot.
public struct AgentConsole: Sendable {
    private let http: StackHTTP

    /// A client of the agent API at `baseURL` (the agent worker's port) with the bearer `token`.
    public init(baseURL: String, token: String, client: CurlHTTPClient) {
        http = StackHTTP(client: client, baseURL: baseURL, headers: [CurlHeader("Authorization", "Bearer \(token)")])
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
