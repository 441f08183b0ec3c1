import CurlHTTP
import Foundation

/// The simulator's `/_sim/` control API: the user's and the Page Inbox's side of a conversation and
/// what the simulator saw. The local stack and the end-to-end tests drive conversations with it.
public struct SimulatorControl: Sendable {
    private let http: StackHTTP

    /// A client of the simulator at `baseURL` (e.g. `http://127.0.0.1:8070`).
    public init(baseURL: String, client: CurlHTTPClient) {
        http = StackHTTP(client: client, baseURL: baseURL)
    }

    /// The user `psid` writes `text`; returns the message id.
    @discardableResult
    public func sendUserMessage(_ text: String, from psid: String) async throws(StackError) -> String {
        let path = "/_sim/users/\(psid)/messages"
        let (_, body) = try await http.call("POST", path, json: StackHTTP.json(["text": text]))
        return try http.decode(MessageAnswer.self, body, from: path).mid
    }

    /// A Page Inbox agent replies in the thread (only while the Inbox owns it).
    @discardableResult
    public func inboxReply(_ text: String, to psid: String) async throws(StackError) -> String {
        let path = "/_sim/inbox/\(psid)/reply"
        let (_, body) = try await http.call("POST", path, json: StackHTTP.json(["text": text]))
        return try http.decode(MessageAnswer.self, body, from: path).mid
    }

    /// A Page Inbox agent clicks "Done": control goes back to the primary.
    public func inboxDone(_ psid: String) async throws(StackError) {
        _ = try await http.call("POST", "/_sim/inbox/\(psid)/done")
    }

    /// A Page admin moves the thread into the Inbox: the primary receives `request_thread_control`.
    public func inboxMove(_ psid: String) async throws(StackError) {
        _ = try await http.call("POST", "/_sim/inbox/\(psid)/move")
    }

    /// The simulator's clock now (ms since 1970; the wall clock plus every advance).
    public func now() async throws(StackError) -> Int64 {
        let path = "/_sim/clock"
        let (_, body) = try await http.call("GET", path)
        return try http.decode(ClockAnswer.self, body, from: path).now
    }

    /// `{"now":…}`.
    private struct ClockAnswer: Decodable {
        let now: Int64
    }

    /// Moves the simulator's clock forward by `seconds` (idle timers, the messaging window).
    public func advanceClock(seconds: Int) async throws(StackError) {
        _ = try await http.call("POST", "/_sim/clock", json: StackHTTP.json(["advance_seconds": seconds]))
    }

    /// The thread of `psid`; nil when the user never wrote.
    public func thread(_ psid: String) async throws(StackError) -> SimulatedThreadView? {
        let path = "/_sim/threads/\(psid)"
        let (status, body) = try await http.call("GET", path, accept: [404])
        guard status != 404 else { return nil }
        return try http.decode(SimulatedThreadView.self, body, from: path)
    }

    /// Every webhook delivery so far, with its attempts.
    public func deliveries() async throws(StackError) -> [WebhookDeliveryView] {
        let path = "/_sim/deliveries"
        let (_, body) = try await http.call("GET", path)
        return try http.decode(DeliveryList.self, body, from: path).data
    }

    /// Adds `milliseconds` before every Graph API answer (a slow Meta); 0 removes every fault rule.
    public func setGraphLatency(milliseconds: Int) async throws(StackError) {
        if milliseconds == 0 {
            _ = try await http.call("DELETE", "/_sim/faults")
        } else {
            _ = try await http.call(
                "POST", "/_sim/faults", json: StackHTTP.json(LatencyRule(latencyMilliseconds: milliseconds)))
        }
    }

    /// Graph API calls the simulator answered so far, per endpoint (`messages` is the Send API).
    public func graphCalls() async throws(StackError) -> [String: Int] {
        let path = "/_sim/stats"
        let (_, body) = try await http.call("GET", path)
        return try http.decode(Stats.self, body, from: path).graphCalls
    }

    private struct Stats: Decodable {
        let graphCalls: [String: Int]

        enum CodingKeys: String, CodingKey {
            case graphCalls = "graph_calls"
        }
    }

    /// `{"endpoint":"*","latency_ms":…}`: a fault rule slowing every Graph answer.
    private struct LatencyRule: Encodable {
        var endpoint = "*"
        var latencyMilliseconds: Int

        enum CodingKeys: String, CodingKey {
            case endpoint, latencyMilliseconds = "latency_ms"
        }
    }

    private struct MessageAnswer: Decodable {
        let mid: String
    }

    private struct DeliveryList: Decodable {
        let data: [WebhookDeliveryView]
    }
}
