import AgentDesk
import GraphAPI
import Hummingbird
import NIOCore
import ServiceKit

/// An agent API request that could not be carried out, as an HTTP answer with a small JSON body:
/// `{"error":{"code":"not_thread_owner","message":"…"}}`.
///
/// Graph errors map to: 409 when the agent app does not own the thread (or may not see its owner),
/// 429 when Meta rate-limits (with `Retry-After` when known), 502 for anything else Meta refused.
/// Messages are fixed texts: never the request body, a token or Meta's raw message.
public struct AgentAPIError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `not_thread_owner`.
    public let code: String
    /// A short human-readable explanation.
    public let message: String
    /// Seconds after which a retry may succeed (429).
    public let retryAfterSeconds: Int?
    /// Meta's error code, when the error came from the Graph API.
    public let graphCode: Int?
    /// Meta's error subcode, when the error came from the Graph API.
    public let graphSubcode: Int?

    /// An error with `status`, `code` and `message`.
    public init(
        status: HTTPResponse.Status, code: String, message: String, retryAfterSeconds: Int? = nil,
        graphCode: Int? = nil, graphSubcode: Int? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.graphCode = graphCode
        self.graphSubcode = graphSubcode
    }

    /// 400 for a body or parameter the API cannot use.
    public static func badRequest(_ message: String) -> AgentAPIError {
        AgentAPIError(status: .badRequest, code: "bad_request", message: message)
    }

    /// 401: no bearer token, or the wrong one.
    public static let unauthorized = AgentAPIError(
        status: .unauthorized, code: "unauthorized", message: "a valid Authorization: Bearer token is required")

    /// 409: more than 7 days passed since the user's last message; nothing may be sent until the
    /// user writes again (Meta is not called).
    public static let messagingWindowClosed = AgentAPIError(
        status: .conflict, code: "messaging_window_closed",
        message: "the user last wrote more than 7 days ago: no reply is allowed until they write again")

    /// 409: Conversation Routing with a default app, where Meta refuses `request_thread_control`
    /// (Meta is not called).
    public static let requestNotAllowed = AgentAPIError(
        status: .conflict, code: "request_not_allowed",
        message:
            "under Conversation Routing request_thread_control works only on a page without a default app; ask the default app to pass the thread"
    )

    /// 404: the `page_id` is not one this worker has a token for.
    public static let unknownPage = AgentAPIError(
        status: .notFound, code: "unknown_page", message: "page_id is not a page this worker serves")

    /// 403: accepting, declining and presence belong to a person: an agent's own token is needed.
    public static let agentTokenRequired = AgentAPIError(
        status: .forbidden, code: "agent_token_required", message: "this action needs an agent's own token")

    /// 404: the thread has no open conversation (nothing to accept or decline).
    public static let noConversation = AgentAPIError(
        status: .notFound, code: "no_conversation", message: "there is no open conversation here")

    /// 409: the agent must accept the conversation before acting in it.
    public static let notHolding = AgentAPIError(
        status: .conflict, code: "not_holding", message: "accept the conversation before acting in it")

    /// 409: another agent holds the conversation, or it is offered to another agent.
    public static let heldByAnotherAgent = AgentAPIError(
        status: .conflict, code: "held_by_another_agent", message: "another agent holds this conversation")

    /// 409: others kept changing the conversation; read it again and retry.
    public static let busy = AgentAPIError(
        status: .conflict, code: "busy", message: "the conversation kept changing; read it again and retry")

    /// 503: the desk's store did not answer.
    public static let storeUnavailable = AgentAPIError(
        status: .serviceUnavailable, code: "store_unavailable", message: "the desk's store is unavailable; retry")

    /// 409: a reply with this `Idempotency-Key` is being sent by another request right now.
    public static let replyInProgress = AgentAPIError(
        status: .conflict, code: "reply_in_progress",
        message: "a reply with this Idempotency-Key is being sent; read the history before retrying")

    // MARK: The console's sessions

    /// 401: the agent id and token do not match an agent of the desk file.
    public static let signInFailed = AgentAPIError(
        status: .unauthorized, code: "sign_in_failed", message: "the agent id or the token is wrong")

    /// 429: too many failed sign-ins for this agent id; wait before trying again.
    public static let tooManySignIns = AgentAPIError(
        status: .tooManyRequests, code: "too_many_sign_ins",
        message: "too many failed sign-ins for this agent; try again in a few minutes",
        retryAfterSeconds: Int(SignInThrottle.window / 1000))

    /// 401: no console session cookie.
    public static let signedOut = AgentAPIError(
        status: .unauthorized, code: "signed_out", message: "sign in to the console first")

    /// 401: the session ended (expired, signed out elsewhere, or the agent left the desk file).
    public static let sessionExpired = AgentAPIError(
        status: .unauthorized, code: "session_expired", message: "your session has expired; sign in again")

    /// 403: a state-changing console request without the session's `X-CSRF-Token`.
    public static let csrfTokenInvalid = AgentAPIError(
        status: .forbidden, code: "csrf_token_invalid",
        message: "the X-CSRF-Token header is missing or wrong; reload the console")

    /// 403: a console request sent from another origin.
    public static let crossOrigin = AgentAPIError(
        status: .forbidden, code: "cross_origin", message: "requests must come from the console's own page")

    public var description: String { "AgentAPIError(\(status.code) \(code))" }

    /// The JSON answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorAnswer(
            error: .init(code: code, message: message, graphCode: graphCode, graphSubcode: graphSubcode))
        var headers: HTTPFields = [:]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if self == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="agent""# }
        return try Response.json(status: status, body, headers: headers)
    }
}

extension AgentAPIError {
    /// The answer for a refused desk action.
    public init(refusal: DeskRefusal) {
        switch refusal {
        case .ended:
            self.init(status: .conflict, code: "conversation_ended", message: "the conversation has ended")
        case .heldByAnotherAgent: self = .heldByAnotherAgent
        case .notHeld: self = .notHolding
        case .notOffered:
            self.init(status: .conflict, code: "not_offered", message: "the conversation is not offered to you")
        case .notApplicable(let state):
            self.init(
                status: .conflict, code: "not_applicable", message: "the conversation is \(state.rawValue)")
        }
    }

    /// The answer for a Graph API refusal.
    public init(graph error: GraphAPIError) {
        let code = error.code
        let subcode = error.subcode
        switch error.kind {
        case .notThreadOwner, .anotherAppControlsThread:
            self.init(
                status: .conflict, code: "not_thread_owner",
                message: "the agent app does not control this thread", graphCode: code, graphSubcode: subcode)
        case .ownershipNotVisible:
            self.init(
                status: .conflict, code: "owner_not_visible",
                message: "another secondary app controls this thread", graphCode: code, graphSubcode: subcode)
        case .rateLimited:
            let seconds = error.retryAfter.map { Int($0.components.seconds) + ($0.components.attoseconds > 0 ? 1 : 0) }
            self.init(
                status: .tooManyRequests, code: "rate_limited", message: "Meta rate-limited the call; retry later",
                retryAfterSeconds: seconds ?? 60, graphCode: code, graphSubcode: subcode)
        case .outsideMessagingWindow:
            self.init(
                status: .conflict, code: "messaging_window_closed",
                message: "Meta refused: the messaging window of this thread is closed", graphCode: code,
                graphSubcode: subcode)
        case .userUnavailable:
            self.init(
                status: .badGateway, code: "user_unavailable", message: "Meta refused: the person is not available",
                graphCode: code, graphSubcode: subcode)
        default:
            self.init(
                status: .badGateway, code: "graph_error", message: "the Graph API call failed (\(error.kind))",
                graphCode: code, graphSubcode: subcode)
        }
    }
}
