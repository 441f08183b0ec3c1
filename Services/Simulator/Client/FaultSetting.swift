/// The body of `POST /_sim/faults`: faults for some Graph endpoints (`"*"`: every endpoint). An
/// absent share is 0; shares add up to at most 1. `endpoint` may be one name or an array.
public struct FaultSetting: Sendable, Hashable, Codable {
    /// The endpoints the rule applies to (`["*"]` when absent).
    public var endpoints: [String]
    /// Added before the call is answered (0 to 120 000 ms).
    public var latencyMilliseconds: Int64?
    /// Share of calls answered HTTP 500, code 1.
    public var serverErrorShare: Double?
    /// Share answered HTTP 503, code 2 ("unexpected error, retry later").
    public var temporaryErrorShare: Double?
    /// Share answered HTTP 400, code 613 (rate limit).
    public var rateLimitShare: Double?
    /// `Retry-After` seconds on faulted answers.
    public var retryAfterSeconds: Int?
    /// Stop faulting after this many faulted answers (`nil`: never stop).
    public var limit: Int?

    /// A rule for `endpoints`.
    public init(
        endpoints: [String] = ["*"], latencyMilliseconds: Int64? = nil, serverErrorShare: Double? = nil,
        temporaryErrorShare: Double? = nil, rateLimitShare: Double? = nil, retryAfterSeconds: Int? = nil,
        limit: Int? = nil
    ) {
        self.endpoints = endpoints
        self.latencyMilliseconds = latencyMilliseconds
        self.serverErrorShare = serverErrorShare
        self.temporaryErrorShare = temporaryErrorShare
        self.rateLimitShare = rateLimitShare
        self.retryAfterSeconds = retryAfterSeconds
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, limit
        case latencyMilliseconds = "latency_ms"
        case serverErrorShare = "server_error_share"
        case temporaryErrorShare = "code2_share"
        case rateLimitShare = "code613_share"
        case retryAfterSeconds = "retry_after_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let many = try? container.decodeIfPresent([String].self, forKey: .endpoint) {
            endpoints = many
        } else {
            endpoints = [try container.decodeIfPresent(String.self, forKey: .endpoint) ?? "*"]
        }
        latencyMilliseconds = try container.decodeIfPresent(Int64.self, forKey: .latencyMilliseconds)
        serverErrorShare = try container.decodeIfPresent(Double.self, forKey: .serverErrorShare)
        temporaryErrorShare = try container.decodeIfPresent(Double.self, forKey: .temporaryErrorShare)
        rateLimitShare = try container.decodeIfPresent(Double.self, forKey: .rateLimitShare)
        retryAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .retryAfterSeconds)
        limit = try container.decodeIfPresent(Int.self, forKey: .limit)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if endpoints.count == 1 {
            try container.encode(endpoints[0], forKey: .endpoint)
        } else {
            try container.encode(endpoints, forKey: .endpoint)
        }
        try container.encodeIfPresent(latencyMilliseconds, forKey: .latencyMilliseconds)
        try container.encodeIfPresent(serverErrorShare, forKey: .serverErrorShare)
        try container.encodeIfPresent(temporaryErrorShare, forKey: .temporaryErrorShare)
        try container.encodeIfPresent(rateLimitShare, forKey: .rateLimitShare)
        try container.encodeIfPresent(retryAfterSeconds, forKey: .retryAfterSeconds)
        try container.encodeIfPresent(limit, forKey: .limit)
    }
}

/// One rule of `GET /_sim/faults` (and the answer to `POST /_sim/faults`), keyed there by endpoint
/// name or `"*"`: the rule and how many calls it has seen.
public struct FaultState: Sendable, Hashable, Codable {
    /// The rule (its `endpoints` is the key it is listed under).
    public var rule: FaultSetting
    /// Calls the rule has seen.
    public var calls: Int
    /// Calls it faulted.
    public var faulted: Int

    /// A rule with its counters.
    public init(rule: FaultSetting, calls: Int, faulted: Int) {
        self.rule = rule
        self.calls = calls
        self.faulted = faulted
    }

    private enum CodingKeys: String, CodingKey {
        case calls, faulted
    }

    // The rule's members and the counters share one JSON object.
    public init(from decoder: any Decoder) throws {
        rule = try FaultSetting(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        calls = try container.decode(Int.self, forKey: .calls)
        faulted = try container.decode(Int.self, forKey: .faulted)
    }

    public func encode(to encoder: any Encoder) throws {
        try rule.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(calls, forKey: .calls)
        try container.encode(faulted, forKey: .faulted)
    }
}
