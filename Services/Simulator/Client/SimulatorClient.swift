import CurlHTTP
import Foundation

/// The one client of the simulator's `/_sim` control API: the user's and the Page Inbox's side of a
/// conversation, roles, the clock, faults, and views of what happened. The bodies and answers are
/// the same Codable types the simulator's routes use, so the two cannot drift.
///
/// ```swift
/// let simulator = SimulatorClient(baseURL: "http://127.0.0.1:8070")
/// try await simulator.userSays("u1", "hi")
/// let thread = try await simulator.waitForThread("u1") { $0.texts(by: botAppID).count == 1 }
/// ```
public struct SimulatorClient: Sendable {
    /// The simulator's `http://host:port`.
    public let baseURL: String
    let http: CurlHTTPClient
    let timeout: Duration

    /// A client of the simulator at `baseURL`, calling through `http`.
    public init(baseURL: String, http: CurlHTTPClient = CurlHTTPClient(), timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL
        self.http = http
        self.timeout = timeout
    }

    // MARK: The user

    /// The user `psid` does `input` (writes, taps a quick reply or a button); the thread starts on
    /// first contact. Returns the message id and the thread after it.
    @discardableResult
    public func user(_ psid: String, _ input: UserInput) async throws(SimulatorClientError) -> MessageAnswer {
        try await call("POST", "/_sim/users/\(psid)/messages", body: input)
    }

    /// The user `psid` writes `text`.
    @discardableResult
    public func userSays(_ psid: String, _ text: String) async throws(SimulatorClientError) -> MessageAnswer {
        try await user(psid, UserInput(text: text))
    }

    /// The user `psid` taps a button carrying `payload` (titled `title`, else the payload).
    @discardableResult
    public func userTaps(_ psid: String, payload: String, title: String? = nil) async throws(SimulatorClientError)
        -> MessageAnswer
    {
        try await user(psid, UserInput(postback: .init(title: title ?? payload, payload: payload)))
    }

    /// The user `psid` taps a quick reply titled `text` carrying `payload`.
    @discardableResult
    public func userTapsQuickReply(_ psid: String, _ text: String, payload: String) async throws(SimulatorClientError)
        -> MessageAnswer
    {
        try await user(psid, UserInput(text: text, quickReply: .init(payload: payload)))
    }

    // MARK: The Page Inbox and the Page admin

    /// A Page Inbox agent replies `text` (only while the Inbox owns the thread); returns the mid.
    @discardableResult
    public func inboxReplies(_ psid: String, _ text: String) async throws(SimulatorClientError) -> String {
        let answer: MessageAnswer = try await call("POST", "/_sim/inbox/\(psid)/reply", body: InboxReply(text: text))
        return answer.mid
    }

    /// A Page Inbox agent clicks "Done": control goes back to the primary. Returns the thread after.
    @discardableResult
    public func inboxDone(_ psid: String) async throws(SimulatorClientError) -> SimulatedThreadSummary? {
        let answer: SuccessAnswer = try await call("POST", "/_sim/inbox/\(psid)/done")
        return answer.thread
    }

    /// A Page admin moves the thread into the Inbox: the primary receives `request_thread_control`
    /// (Conversation Routing: the Inbox takes the thread). Returns the thread after.
    @discardableResult
    public func inboxMove(_ psid: String) async throws(SimulatorClientError) -> SimulatedThreadSummary? {
        let answer: SuccessAnswer = try await call("POST", "/_sim/inbox/\(psid)/move")
        return answer.thread
    }

    /// A Page admin changes apps' roles (`["<app id>": "primary_receiver" | "secondary_receiver" |
    /// "none"]`); every app receives `app_roles`. Returns the page after.
    @discardableResult
    public func changeRoles(_ roles: [String: String]) async throws(SimulatorClientError) -> PageView {
        try await call("PUT", "/_sim/roles", body: RoleChanges(roles))
    }

    // MARK: Views

    /// The page's apps, roles and log.
    public func page() async throws(SimulatorClientError) -> PageView {
        try await call("GET", "/_sim/page")
    }

    /// The thread of `psid` with its transcript; throws (``SimulatorClientError/isNotFound``) when
    /// the user never wrote.
    public func thread(_ psid: String) async throws(SimulatorClientError) -> SimulatedThreadView {
        try await call("GET", "/_sim/threads/\(psid)")
    }

    /// The thread of `psid`, or nil when the user never wrote.
    public func threadIfPresent(_ psid: String) async throws(SimulatorClientError) -> SimulatedThreadView? {
        do {
            return try await thread(psid)
        } catch  where error.isNotFound {
            return nil
        }
    }

    /// Every thread, without transcripts, in the order users first wrote.
    public func threads() async throws(SimulatorClientError) -> [SimulatedThreadSummary] {
        let list: SimulatedThreadList = try await call("GET", "/_sim/threads")
        return list.data
    }

    /// Every webhook delivery the simulator remembers (only `appID`'s when given), with attempts.
    public func deliveries(appID: String? = nil) async throws(SimulatorClientError) -> [WebhookDeliveryView] {
        let list: WebhookDeliveryList = try await call(
            "GET", "/_sim/deliveries" + (appID.map { "?app_id=\($0)" } ?? ""))
        return list.data
    }

    /// What the simulator counted: Graph calls, errors, connections, webhooks.
    public func stats() async throws(SimulatorClientError) -> SimulatorStatsView {
        try await call("GET", "/_sim/stats")
    }

    /// Graph API calls answered so far for `endpoint` (`messages` is the Send API; every attempt counts).
    public func graphCalls(_ endpoint: String) async throws(SimulatorClientError) -> Int {
        try await stats().graphCalls[endpoint] ?? 0
    }

    // MARK: Clock, faults, reset

    /// The simulator's clock now (ms since 1970; the wall clock plus every advance).
    public func now() async throws(SimulatorClientError) -> Int64 {
        let reading: ClockReading = try await call("GET", "/_sim/clock")
        return reading.now
    }

    /// Moves the simulator's clock forward by `seconds` (idle timers, the messaging window);
    /// returns the new time.
    @discardableResult
    public func advanceClock(seconds: Int) async throws(SimulatorClientError) -> Int64 {
        let reading: ClockReading = try await call("POST", "/_sim/clock", body: ClockAdvance(seconds: Int64(seconds)))
        return reading.now
    }

    /// Sets (replaces) the fault rule of each of `setting`'s endpoints; returns every rule in force.
    @discardableResult
    public func setFaults(_ setting: FaultSetting) async throws(SimulatorClientError) -> [String: FaultState] {
        try await call("POST", "/_sim/faults", body: setting)
    }

    /// The fault rules in force, by endpoint (or `"*"`), with their counters.
    public func faults() async throws(SimulatorClientError) -> [String: FaultState] {
        try await call("GET", "/_sim/faults")
    }

    /// Removes every fault rule.
    public func clearFaults() async throws(SimulatorClientError) {
        let _: SuccessAnswer = try await call("DELETE", "/_sim/faults")
    }

    /// Adds `milliseconds` before every Graph answer (a slow Meta); 0 removes every fault rule.
    public func setGraphLatency(milliseconds: Int) async throws(SimulatorClientError) {
        if milliseconds == 0 {
            try await clearFaults()
        } else {
            try await setFaults(FaultSetting(latencyMilliseconds: Int64(milliseconds)))
        }
    }

    /// Forgets every thread, delivery, fault and Graph counter; the clock keeps its advances.
    public func reset() async throws(SimulatorClientError) {
        let _: SuccessAnswer = try await call("POST", "/_sim/reset")
    }
}
