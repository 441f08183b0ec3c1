import Hummingbird
import NIOCore
import SimulatorClient

/// A Graph API error answer in Meta's shape:
/// `{"error":{"message":…,"type":…,"code":N,"error_subcode":M,"fbtrace_id":…}}`.
///
/// Every rule the simulator enforces ends in one of these, so a client sees exactly what Meta would
/// send and its error mapping is tested against the real codes (docs/protocol.md, "Graph calls and errors").
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP status of the answer.
    public var status: HTTPResponse.Status
    /// Graph error `code`.
    public var code: Int
    /// Graph `error_subcode`, when Meta sends one.
    public var subcode: Int?
    /// Human-readable `message`, as Meta words it.
    public var message: String
    /// Graph error `type` (`OAuthException` for nearly every Messenger error).
    public var type: String
    /// `Retry-After` seconds to send with the answer (injected rate limits).
    public var retryAfterSeconds: Int?
    /// Whether a fault rule produced it (counted apart in stats).
    var isInjected = false

    /// Creates an error answer.
    public init(
        status: HTTPResponse.Status = .badRequest, code: Int, subcode: Int? = nil, message: String,
        type: String = "OAuthException", retryAfterSeconds: Int? = nil
    ) {
        self.status = status
        self.code = code
        self.subcode = subcode
        self.message = message
        self.type = type
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String {
        "GraphError(code: \(code), subcode: \(subcode.map(String.init) ?? "-"), status: \(status.code))"
    }

    /// The JSON body, with a fresh `fbtrace_id`.
    public func body() -> JSONValue {
        .object([
            (
                "error",
                .members([
                    ("message", .string(message)),
                    ("type", .string(type)),
                    ("code", .int(Int64(code))),
                    ("error_subcode", subcode.map { .int(Int64($0)) }),
                    ("fbtrace_id", .string(Self.traceID())),
                ])
            )
        ])
    }

    /// The HTTP answer.
    public func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=UTF-8"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body().serialized())))
    }

    private static let traceAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    /// An 11-character trace id like Meta's.
    static func traceID() -> String {
        String((0..<11).map { _ in traceAlphabet.randomElement()! })
    }
}

extension GraphError {
    // The catalogue of answers. Codes and wording follow Meta's documentation and public captures;
    // where Meta documents no subcode none is sent.

    /// 190: the access token is not one the simulator issued.
    static let invalidToken = GraphError(
        code: 190, message: "Invalid OAuth access token - Cannot parse access token")
    /// 190 (see README: real Graph answers code 100 `GraphMethodException` for a bad proof).
    static let invalidProof = GraphError(
        code: 190, message: "Invalid appsecret_proof provided in the API argument")
    /// 190: no proof although the app requires one.
    static let missingProof = GraphError(
        code: 190, message: "API calls from the server require an appsecret_proof argument")
    /// 104: no token at all.
    static let missingToken = GraphError(
        code: 104, message: "An access token is required to request this resource.")

    /// 10 / 2018300: sending while another app controls the thread.
    static let anotherAppControlsThread = GraphError(
        code: 10, subcode: 2_018_300,
        message: "(#10) Message failed to send because another app is controlling this thread now.")
    /// 100 / 2534037: a control call that only the thread owner may make.
    /// A send outside the messaging window (PROTOCOL: 24 h, or 7 days with `HUMAN_AGENT`).
    static let outsideWindow = GraphError(
        code: 10, subcode: 2_018_278, message: "(#10) This message is sent outside of allowed window.")

    /// Conversation Routing: an app takes, or passes to itself, a thread it already owns.
    static let alreadyThreadOwner = GraphError(
        code: 100, message: "(#100) The app is already the thread owner: it cannot take or pass the thread to itself.")

    /// Conversation Routing: `take_thread_control` on a page without a default app.
    static let takeNeedsDefaultApp = GraphError(
        code: 10,
        message: "(#10) Application does not have permission for this action: take_thread_control needs a default app.")

    /// Conversation Routing: `request_thread_control` on a page with a default app.
    static let requestNeedsNoDefaultApp = GraphError(
        code: 10,
        message:
            "(#10) Application does not have permission for this action: request_thread_control is not available when the page has a default app."
    )

    static let notThreadOwner = GraphError(
        code: 100, subcode: 2_534_037, message: "(#100) The action is invalid since it's not the thread owner.")
    /// 100 / 2018234: a secondary asking who owns another secondary's thread.
    static let ownershipNotVisible = GraphError(
        code: 100, subcode: 2_018_234,
        message:
            "(#100) A secondary receiver app cannot see the thread owner when another secondary receiver owns the thread."
    )
    /// 10 / 2018171: the caller has neither the primary nor the secondary role.
    static let noRole = GraphError(
        code: 10, subcode: 2_018_171,
        message: "(#10) This action is only available to Primary and Secondary Receivers.")
    /// 100 / 2018164: the target app id is not an app of this page.
    static let invalidTargetApp = GraphError(
        code: 100, subcode: 2_018_164, message: "(#100) Incorrect App ID: the target app is not connected to this Page."
    )
    /// 10: the caller's role does not allow this call (secondary taking, listing receivers).
    static func primaryOnly(_ action: String) -> GraphError {
        GraphError(
            code: 10,
            message:
                "(#10) Application does not have permission for this action: \(action) is only available to the Primary Receiver."
        )
    }
    /// 100 / 2018001: the PSID is not a user of this page.
    static let noMatchingUser = GraphError(code: 100, subcode: 2_018_001, message: "(#100) No matching user found")

    /// 100: a missing or malformed parameter.
    static func invalidParameter(_ detail: String) -> GraphError {
        GraphError(code: 100, message: "(#100) \(detail)")
    }
    /// 100 / 33: the node in the path is neither `me` nor this page.
    static func unknownObject(_ id: String, method: String) -> GraphError {
        GraphError(
            code: 100, subcode: 33,
            message:
                "Unsupported \(method.lowercased()) request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
            type: "GraphMethodException")
    }
    /// 2500: a path the Graph API does not have.
    static func unknownPath(_ path: String) -> GraphError {
        GraphError(code: 2500, message: "Unknown path components: \(path)")
    }

    /// 1 (HTTP 500): injected server failure.
    static func injectedServerError(retryAfter: Int?) -> GraphError {
        GraphError(
            status: .internalServerError, code: 1, message: "An unknown error has occurred.",
            retryAfterSeconds: retryAfter)
    }
    /// 2 (HTTP 503): injected temporary failure.
    static func injectedTemporaryError(retryAfter: Int?) -> GraphError {
        GraphError(
            status: .serviceUnavailable, code: 2,
            message: "An unexpected error has occurred. Please retry your request later.",
            retryAfterSeconds: retryAfter)
    }
    /// 613 (HTTP 400): injected rate limit.
    static func injectedRateLimit(retryAfter: Int?) -> GraphError {
        GraphError(
            code: 613, message: "(#613) Calls to this api have exceeded the rate limit.",
            retryAfterSeconds: retryAfter)
    }

    /// An error of the simulator's own control API, in the same shape.
    static func control(_ status: HTTPResponse.Status = .badRequest, _ message: String) -> GraphError {
        GraphError(status: status, code: 100, message: message, type: "SimulatorException")
    }
}
