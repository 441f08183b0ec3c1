import GraphAPI
import ServiceKit

/// Where and how the agent worker posts conversation events for human agents.
public struct DeskConfiguration: Sendable {
    /// The desk's webhook (`AGENT_DESK_URL`).
    public var url: String
    /// The HMAC key of `X-Desk-Signature` (`AGENT_DESK_SECRET` or `AGENT_DESK_SECRET_FILE`).
    public var secret: Secret
    /// Retries of one delivery, the same policy type as the Graph client's: attempts
    /// (`AGENT_DESK_MAX_ATTEMPTS`, default 5), exponential backoff with full jitter from 200 ms up
    /// to 5 s, a desk's `Retry-After` honoured up to 5 s. Events go out from the store's outbox,
    /// outside any record's handling, so these are the only retries of one delivery; an event
    /// still undelivered after them stays in the outbox and is tried again when its lease ends.
    public var retry = RetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(5), maxRetryAfter: .seconds(5))
    /// Timeout of one attempt (`AGENT_DESK_TIMEOUT_MS`, default 5000).
    public var timeout: Duration = .seconds(5)

    /// Attempts per delivery, the first included (`retry.maxAttempts`).
    public var maxAttempts: Int {
        get { retry.maxAttempts }
        set { retry.maxAttempts = newValue }
    }

    /// A desk at `url` signing with `secret`.
    public init(url: String, secret: Secret) {
        self.url = url
        self.secret = secret
    }

    /// Reads `AGENT_DESK_*`; nil when `AGENT_DESK_URL` is unset (events are then only logged).
    /// A desk URL without a secret is refused: the desk could not tell our events from anyone's.
    public static func fromEnvironment(_ environment: ServiceEnvironment) throws(ConfigurationError)
        -> DeskConfiguration?
    {
        guard let url = environment.string("AGENT_DESK_URL") else {
            if environment.string("AGENT_DESK_SECRET") != nil || environment.string("AGENT_DESK_SECRET_FILE") != nil {
                throw ConfigurationError(
                    variable: "AGENT_DESK_URL", problem: "is required when AGENT_DESK_SECRET is set")
            }
            return nil
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigurationError(variable: "AGENT_DESK_URL", problem: "must be an http:// or https:// URL")
        }
        var desk = DeskConfiguration(url: url, secret: try environment.requiredSecret("AGENT_DESK_SECRET"))
        desk.maxAttempts = try environment.int("AGENT_DESK_MAX_ATTEMPTS", default: desk.maxAttempts, in: 1...20)
        desk.timeout = try environment.milliseconds("AGENT_DESK_TIMEOUT_MS", default: desk.timeout, in: 100...60_000)
        return desk
    }
}
