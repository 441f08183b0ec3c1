import HTTPTypes

/// Faults injected into one Graph endpoint (or every endpoint, `"*"`), set with `POST /_sim/faults`.
///
/// Shares are applied deterministically: call number n (from 0) of the rule is faulted when the
/// fractional part of n·φ⁻¹ (a low-discrepancy sequence) falls below the share, so the first n calls
/// carry very nearly n·share faults and a share of 1 faults every call. The first call of a rule
/// with any share is faulted.
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

    /// The error for call number `call` of this rule, if it is faulted.
    func error(forCall call: Int) -> GraphError? {
        let position = (Double(call) * 0.618_033_988_749_894_9).truncatingRemainder(dividingBy: 1)
        if position < serverErrorShare { return .injectedServerError(retryAfter: retryAfterSeconds) }
        if position < serverErrorShare + temporaryErrorShare {
            return .injectedTemporaryError(retryAfter: retryAfterSeconds)
        }
        if position < serverErrorShare + temporaryErrorShare + rateLimitShare {
            return .injectedRateLimit(retryAfter: retryAfterSeconds)
        }
        return nil
    }
}
