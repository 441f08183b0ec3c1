import HTTPTypes

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

    /// The rule from its JSON form (`latency_ms`, `server_error_share`, `code2_share`,
    /// `code613_share`, `retry_after_seconds`, `limit`).
    init(json: JSONValue) throws(GraphError) {
        func share(_ key: String) throws(GraphError) -> Double {
            guard let raw = json[key] else { return 0 }
            let value: Double
            switch raw {
            case .int(let number): value = Double(number)
            case .double(let number): value = number
            default: throw GraphError.control(.badRequest, "\(key) must be a number from 0 to 1")
            }
            guard (0...1).contains(value) else { throw GraphError.control(.badRequest, "\(key) must be from 0 to 1") }
            return value
        }
        let latency = json["latency_ms"]?.intValue ?? 0
        guard latency >= 0, latency <= 120_000 else {
            throw GraphError.control(.badRequest, "latency_ms must be from 0 to 120000")
        }
        self.init(
            latency: .milliseconds(latency),
            serverErrorShare: try share("server_error_share"),
            temporaryErrorShare: try share("code2_share"),
            rateLimitShare: try share("code613_share"),
            retryAfterSeconds: json["retry_after_seconds"]?.intValue.map { Int($0) },
            limit: json["limit"]?.intValue.map { Int($0) }
        )
        guard serverErrorShare + temporaryErrorShare + rateLimitShare <= 1.000001 else {
            throw GraphError.control(.badRequest, "the shares add up to more than 1")
        }
    }

    /// The JSON form.
    var json: JSONValue {
        let latency = self.latency.components
        return .members([
            ("latency_ms", .int(latency.seconds * 1000 + latency.attoseconds / 1_000_000_000_000_000)),
            ("server_error_share", .double(serverErrorShare)),
            ("code2_share", .double(temporaryErrorShare)),
            ("code613_share", .double(rateLimitShare)),
            ("retry_after_seconds", retryAfterSeconds.map { .int(Int64($0)) }),
            ("limit", limit.map { .int(Int64($0)) }),
        ])
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
