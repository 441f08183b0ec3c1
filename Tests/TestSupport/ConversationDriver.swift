import CurlHTTP
import Foundation

/// Drives a running simulator's `/_sim/` control API the way a person would: the user writes or
/// taps a button, a Page Inbox agent replies, clicks "Done" or moves the thread into the Inbox;
/// and reads a thread's owner and transcript.
///
/// ```swift
/// let driver = ConversationDriver(baseURL: simulator.baseURL!)
/// try await driver.userSays("u1", "hi")
/// let thread = try await driver.waitForThread("u1") { $0.texts(by: botAppID).count == 1 }
/// ```
public struct ConversationDriver: Sendable {
    /// The simulator's `http://127.0.0.1:<port>`.
    public let baseURL: String
    private let http: CurlHTTPClient

    /// A driver for the simulator at `baseURL`.
    public init(baseURL: String, http: CurlHTTPClient = CurlHTTPClient()) {
        self.baseURL = baseURL
        self.http = http
    }

    /// The user `psid` sends `text`.
    public func userSays(_ psid: String, _ text: String) async throws {
        try await post("/_sim/users/\(psid)/messages", ["text": text])
    }

    /// The user `psid` taps a button with `payload`.
    public func userTaps(_ psid: String, payload: String, title: String? = nil) async throws {
        try await post("/_sim/users/\(psid)/messages", ["postback": ["payload": payload, "title": title ?? payload]])
    }

    /// The user `psid` taps a quick reply titled `text` with `payload`.
    public func userTapsQuickReply(_ psid: String, _ text: String, payload: String) async throws {
        try await post("/_sim/users/\(psid)/messages", ["text": text, "quick_reply": ["payload": payload]])
    }

    /// A Page admin changes the apps' roles (`["<app id>": "primary_receiver" | "secondary_receiver" | "none"]`);
    /// every app receives `app_roles`.
    public func changeRoles(_ roles: [String: String]) async throws {
        try await post("/_sim/roles", roles, method: "PUT")
    }

    /// A Page Inbox agent replies `text` (the Inbox must own the thread).
    public func inboxReplies(_ psid: String, _ text: String) async throws {
        try await post("/_sim/inbox/\(psid)/reply", ["text": text])
    }

    /// Moves the simulator's clock forward by `seconds` (idle timers, the messaging window).
    public func advanceClock(seconds: Int) async throws {
        try await post("/_sim/clock", ["advance_seconds": seconds])
    }

    /// A Page Inbox agent clicks "Done": control goes back to the primary.
    public func inboxDone(_ psid: String) async throws {
        try await post("/_sim/inbox/\(psid)/done", [:])
    }

    /// A Page admin moves the thread into the Inbox: the primary receives a request from the Inbox.
    public func inboxMove(_ psid: String) async throws {
        try await post("/_sim/inbox/\(psid)/move", [:])
    }

    /// The thread's owner and transcript now.
    public func thread(_ psid: String) async throws -> ConversationThread {
        let response = try await http.execute(CurlRequest(url: baseURL + "/_sim/threads/\(psid)"))
        guard response.status == 200,
            let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        else {
            throw ConversationError(call: "GET /_sim/threads/\(psid)", status: response.status, body: response.body)
        }
        let transcript = (json["transcript"] as? [[String: Any]] ?? []).map(ConversationEntry.init(json:))
        return ConversationThread(
            psid: psid, owner: json["owner"] as? String,
            pendingInboxRequest: json["pending_inbox_request"] as? Bool ?? false, transcript: transcript)
    }

    /// Reads the thread until `condition` holds, or throws after `timeout` (with the last view in
    /// the error, so a failing test shows the transcript).
    @discardableResult
    public func waitForThread(
        _ psid: String, timeout: Duration = .seconds(30), until condition: (ConversationThread) -> Bool
    ) async throws -> ConversationThread {
        let deadline = ContinuousClock.now + timeout
        var last: ConversationThread?
        while ContinuousClock.now < deadline {
            if let thread = try? await thread(psid) {
                if condition(thread) { return thread }
                last = thread
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ConversationTimeout(psid: psid, last: last?.description ?? "(thread never appeared)")
    }

    private func post(_ path: String, _ body: [String: Any], method: String = "POST") async throws {
        let bytes = Array(try JSONSerialization.data(withJSONObject: body))
        let response = try await http.execute(
            CurlRequest(
                method: method, url: baseURL + path,
                headers: [CurlHeader(name: "Content-Type", value: "application/json")],
                body: bytes))
        guard response.status == 200 else {
            throw ConversationError(call: "\(method) \(path)", status: response.status, body: response.body)
        }
    }
}
