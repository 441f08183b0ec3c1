import HTTPTypes
import SimulatorClient

/// Faults injected into one Graph endpoint (or every endpoint, `"*"`), set with `POST /_sim/faults`.
///
/// Shares are applied deterministically, not by chance: of the first n calls exactly ⌊n·s⌋ are
/// faulted (s the sum of the shares), spread evenly, and the faults are split between the kinds in
/// proportion to their shares (smooth weighted round robin). A share of 1 faults every call.
public struct FaultRule: Sendable, Hashable {
    /// Added before the call is answered.
    public var latency: Duration
    /// Share of calls answered HTTP 500, code 1.
    public var serverErrorShare: Double
    /// Share answered HTTP 503, code 2 ("unexpected error, retry later").
    public var temporaryErrorShare: Double
    /// Share answered HTTP 400, code 613 (rate limit).
    public var rateLimitShare: Double
    /// `Retry-After` seconds on faulted answers.
    public var retryAfterSeconds: Int?
    /// Stop faulting after this many faulted answers (`nil`: never stop).
    public var limit: Int?

    /// Creates a rule.
    public init(
        latency: Duration = .zero, serverErrorShare: Double = 0, temporaryErrorShare: Double = 0,
        rateLimitShare: Double = 0, retryAfterSeconds: Int? = nil, limit: Int? = nil
    ) {
        self.latency = latency
        self.serverErrorShare = serverErrorShare
        self.temporaryErrorShare = temporaryErrorShare
        self.rateLimitShare = rateLimitShare
        self.retryAfterSeconds = retryAfterSeconds
        self.limit = limit
    }

    /// The rule of a `POST /_sim/faults` body; a control-API error when a value is out of range.
    init(setting: FaultSetting) throws(GraphError) {
        func share(_ value: Double?, _ key: String) throws(GraphError) -> Double {
            guard let value else { return 0 }
            guard (0...1).contains(value) else { throw GraphError.control(.badRequest, "\(key) must be from 0 to 1") }
            return value
        }
        let latency = setting.latencyMilliseconds ?? 0
        guard latency >= 0, latency <= 120_000 else {
            throw GraphError.control(.badRequest, "latency_ms must be from 0 to 120000")
        }
        self.init(
            latency: .milliseconds(latency),
            serverErrorShare: try share(setting.serverErrorShare, "server_error_share"),
            temporaryErrorShare: try share(setting.temporaryErrorShare, "code2_share"),
            rateLimitShare: try share(setting.rateLimitShare, "code613_share"),
            retryAfterSeconds: setting.retryAfterSeconds, limit: setting.limit)
        guard serverErrorShare + temporaryErrorShare + rateLimitShare <= 1.000001 else {
            throw GraphError.control(.badRequest, "the shares add up to more than 1")
        }
    }

    /// The wire form, for `endpoint`.
    func setting(endpoint: String) -> FaultSetting {
        let latency = self.latency.components
        return FaultSetting(
            endpoints: [endpoint],
            latencyMilliseconds: latency.seconds * 1000 + latency.attoseconds / 1_000_000_000_000_000,
            serverErrorShare: serverErrorShare, temporaryErrorShare: temporaryErrorShare,
            rateLimitShare: rateLimitShare, retryAfterSeconds: retryAfterSeconds, limit: limit)
    }

    /// The shares in parts per million: server error, temporary error, rate limit.
    var partsPerMillion: [Int] {
        [serverErrorShare, temporaryErrorShare, rateLimitShare].map { Int(($0 * 1_000_000).rounded()) }
    }

    /// The error of fault kind `index` (the order of ``partsPerMillion``).
    func error(kind index: Int) -> GraphError {
        switch index {
        case 0: return .injectedServerError(retryAfter: retryAfterSeconds)
        case 1: return .injectedTemporaryError(retryAfter: retryAfterSeconds)
        default: return .injectedRateLimit(retryAfter: retryAfterSeconds)
        }
    }
}
