import CurlHTTP
import Foundation

extension GraphAPIError.Kind {
    /// The kind for Meta's error `code` / `error_subcode` on an answer with `httpStatus`
    /// (docs/protocol.md, "Graph calls and errors"). Specific codes win; an unknown error on a 5xx is transient.
    public init(httpStatus: Int, code: Int?, subcode: Int?) {
        self = Self.mapped(code: code, subcode: subcode) ?? Self.fallback(httpStatus: httpStatus, code: code)
    }

    private static func mapped(code: Int?, subcode: Int?) -> Self? {
        // Subcodes that name one situation whatever code carries them.
        switch subcode {
        case 2_018_300: return .anotherAppControlsThread
        case 2_534_037: return .notThreadOwner
        case 2_018_234: return .ownershipNotVisible
        case 2_018_171: return .noRole
        case 2_018_164: return .invalidAppID
        case 2_018_321: return .automatedFlowHoldsThread
        case 2_534_040: return .rateLimited
        case 2_534_022, 2_018_278: return .outsideMessagingWindow
        case 1_545_041: return .userUnavailable
        default: break
        }
        switch code {
        case 2_018_171: return .noRole
        case 2_018_321: return .automatedFlowHoldsThread
        case 4, 17, 32, 613: return .rateLimited
        case 1, 2, 1200: return .transient
        case 551: return .userUnavailable
        case 102, 104, 190: return .authentication
        case 10: return .permission
        case .some(let code) where (200...299).contains(code): return .permission
        default: return nil
        }
    }

    private static func fallback(httpStatus: Int, code: Int?) -> Self {
        if httpStatus == 429 { return .rateLimited }
        if httpStatus >= 500 { return .transient }
        return code == nil ? .invalidResponse : .other
    }
}

extension GraphAPIError {
    /// The error for a non-2xx answer: Meta's body when it has one, else the status alone.
    init(response: CurlResponse, endpoint: GraphEndpoint) {
        let retryAfter = response.header("Retry-After").flatMap(Self.retryAfter(_:))
        let detail = try? JSONDecoder().decode(GraphErrorBody.self, from: Data(response.body)).error
        let code = detail?.code?.value
        let subcode = detail?.errorSubcode?.value
        self.init(
            kind: Kind(httpStatus: response.status, code: code, subcode: subcode),
            httpStatus: response.status, code: code, subcode: subcode,
            message: detail?.message ?? "HTTP \(response.status) without a Graph error body",
            type: detail?.type, fbtraceID: detail?.fbtraceID, retryAfter: retryAfter, endpoint: endpoint)
    }

    /// The error for a transfer that got no answer.
    init(transport error: CurlError, endpoint: GraphEndpoint) {
        // `code` stays Meta's: the libcurl code goes into the message instead. Only a failed
        // transfer is worth another attempt; an oversized answer or a refused URL would fail again.
        let kind: Kind =
            error.isCancelled
            ? .cancelled
            : error.isResponseTooLarge
                ? .invalidResponse
                : error.isInvalidRequest ? .invalidArgument : .transport
        self.init(
            kind: kind, message: "curl error \(error.code): \(error.message)",
            endpoint: endpoint)
    }

    /// `Retry-After` in seconds (HTTP dates are not used by Meta and are ignored).
    static func retryAfter(_ value: String) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return .seconds(seconds) }
        return nil
    }
}
