/// A Graph API call that failed: Meta's `{"error":{…}}` answer mapped to a `Kind` (docs/protocol.md, "Graph calls and errors"),
/// or a transport failure, or an answer that could not be read.
///
/// `description` never contains the access token, the app secret or any body; Meta's message is
/// kept in `message` and shown by `debugDescription`.
public struct GraphAPIError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, in terms a caller acts on.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 100/2534037: a control call only the thread owner may make.
        case notThreadOwner
        /// 10/2018300: another app controls the thread, so this app may not send.
        case anotherAppControlsThread
        /// 100/2018234: a secondary may not see another secondary's ownership.
        case ownershipNotVisible
        /// 2018171: the app has neither the primary nor a secondary role on the Page.
        case noRole
        /// 100/2018164: the target app id is wrong or not connected to the Page.
        case invalidAppID
        /// 2018321: Messenger's automated Q&A flow holds the thread; retry later.
        case automatedFlowHoldsThread
        /// 4, 17, 32, 613 (also HTTP 429): a rate limit; back off and retry.
        case rateLimited
        /// 1, 2, 1200 or an HTTP 5xx: a temporary failure; retry.
        case transient
        /// 10/2534022, 10/2018278: outside the allowed messaging window; give up.
        case outsideMessagingWindow
        /// 551, 200/1545041: the person is not available; give up for this user.
        case userUnavailable
        /// 190 (and 102, 104): the token is invalid, expired or missing; configuration.
        case authentication
        /// 200–299 and other code-10 errors: the app lacks a permission; configuration.
        case permission
        /// No HTTP answer: connect failure, timeout, reset.
        case transport
        /// An answer that is not what the call documents.
        case invalidResponse
        /// The call was refused before sending (e.g. an extension longer than 7 days).
        case invalidArgument
        /// The calling task was cancelled.
        case cancelled
        /// Any other Graph error.
        case other

        /// Whether trying again (later) can help.
        public var isRetriable: Bool {
            switch self {
            case .automatedFlowHoldsThread, .rateLimited, .transient, .transport: true
            default: false
            }
        }

        /// The `outcome` label of `graph_calls_total` for a final failure of this kind.
        public var metricLabel: String {
            switch self {
            case .notThreadOwner: "not_thread_owner"
            case .anotherAppControlsThread: "another_app_controls_thread"
            case .ownershipNotVisible: "ownership_not_visible"
            case .noRole: "no_role"
            case .invalidAppID: "invalid_app_id"
            case .automatedFlowHoldsThread: "automated_flow_holds_thread"
            case .rateLimited: "rate_limited"
            case .transient: "transient"
            case .outsideMessagingWindow: "outside_messaging_window"
            case .userUnavailable: "user_unavailable"
            case .authentication: "authentication"
            case .permission: "permission"
            case .transport: "transport"
            case .invalidResponse: "invalid_response"
            case .invalidArgument: "invalid_argument"
            case .cancelled: "cancelled"
            case .other: "other"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// The HTTP status of Meta's answer; `nil` when none arrived.
    public var httpStatus: Int?
    /// Meta's error `code`.
    public var code: Int?
    /// Meta's `error_subcode`.
    public var subcode: Int?
    /// Meta's `message`, or a short explanation of ours. No secrets.
    public var message: String
    /// Meta's error `type`, e.g. `OAuthException`.
    public var type: String?
    /// Meta's `fbtrace_id`, for support requests.
    public var fbtraceID: String?
    /// The server's `Retry-After`, when it sent one.
    public var retryAfter: Duration?
    /// The call that failed.
    public var endpoint: GraphEndpoint?

    /// Creates an error.
    public init(
        kind: Kind, httpStatus: Int? = nil, code: Int? = nil, subcode: Int? = nil, message: String,
        type: String? = nil, fbtraceID: String? = nil, retryAfter: Duration? = nil,
        endpoint: GraphEndpoint? = nil
    ) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.code = code
        self.subcode = subcode
        self.message = message
        self.type = type
        self.fbtraceID = fbtraceID
        self.retryAfter = retryAfter
        self.endpoint = endpoint
    }

    /// Whether a retry can help: rate limits, transient and transport failures, the automated flow.
    /// Ownership, permission, window and authentication errors never are.
    public var isRetriable: Bool { kind.isRetriable }

    public var description: String {
        var parts = ["\(kind)"]
        if let endpoint { parts.append("endpoint: \(endpoint.rawValue)") }
        if let httpStatus { parts.append("http: \(httpStatus)") }
        if let code { parts.append("code: \(code)" + (subcode.map { "/\($0)" } ?? "")) }
        if let fbtraceID { parts.append("fbtrace_id: \(fbtraceID)") }
        return "GraphAPIError(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { "\(description): \(message)" }
}
