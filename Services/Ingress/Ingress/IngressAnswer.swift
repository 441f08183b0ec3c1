/// The outcome of one webhook POST, before it becomes an HTTP response.
public enum IngressAnswer: Sendable, Equatable {
    /// Every record is acknowledged by the broker: 200.
    case published(records: Int)
    /// Correctly signed but not something we can publish as events (not a webhook, too many items,
    /// too large for the broker): kept on the dead-letter topic, 200, so Meta does not retry it.
    case deadLettered(reason: String)
    /// No signature header: 401.
    case signatureMissing
    /// A signature that no configured secret verifies: 403.
    case signatureInvalid
    /// `/webhook/{app_id}` names an app this ingress does not know: 404.
    case unknownApp
    /// The body is larger than the limit: 413.
    case bodyTooLarge
    /// The body could not be read (the client went away mid-body): 400.
    case badRequest
    /// The broker did not acknowledge in time: 503 with `Retry-After`, so Meta retries.
    case brokerUnavailable
    /// Bodies being received already hold the whole body budget: 503 with `Retry-After`.
    case overloaded

    /// The HTTP status code of the answer.
    public var status: Int {
        switch self {
        case .published, .deadLettered: 200
        case .signatureMissing: 401
        case .signatureInvalid: 403
        case .unknownApp: 404
        case .bodyTooLarge: 413
        case .badRequest: 400
        case .brokerUnavailable, .overloaded: 503
        }
    }

    /// Whether the answer asks Meta to come back later (`Retry-After`).
    public var asksForRetry: Bool { self == .brokerUnavailable || self == .overloaded }

    /// A small JSON body: what happened, never the payload or a secret.
    public var body: String {
        switch self {
        case .published(let records): #"{"status":"ok","records":\#(records)}"#
        case .deadLettered: #"{"status":"ok","dead_lettered":true}"#
        case .signatureMissing: #"{"error":"missing X-Hub-Signature-256 header"}"#
        case .signatureInvalid: #"{"error":"signature does not match"}"#
        case .unknownApp: #"{"error":"unknown app id"}"#
        case .bodyTooLarge: #"{"error":"body exceeds the size limit"}"#
        case .badRequest: #"{"error":"body could not be read"}"#
        case .brokerUnavailable: #"{"error":"events could not be stored in time; retry"}"#
        case .overloaded: #"{"error":"too many bodies are being received; retry"}"#
        }
    }
}
