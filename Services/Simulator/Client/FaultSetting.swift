/// The body of `POST /_sim/faults`: faults for some Graph endpoints (`"*"`: every endpoint). An
/// absent share is 0; shares add up to at most 1. `endpoint` may be one name or an array.
public struct FaultSetting: Sendable, Hashable, Codable {
    /// The endpoint names, written as one name or an array.
    public struct Endpoints: Sendable, Hashable, Codable {
        /// The names (`"*"`: every endpoint).
        public var names: [String]

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            names = try (try? container.decode([String].self)) ?? [container.decode(String.self)]
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if names.count == 1 { try container.encode(names[0]) } else { try container.encode(names) }
        }

        init(names: [String]) { self.names = names }
    }

    /// The endpoints as written (absent: every endpoint).
    public var endpoint: Endpoints?
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
        endpoint = Endpoints(names: endpoints)
        self.latencyMilliseconds = latencyMilliseconds
        self.serverErrorShare = serverErrorShare
        self.temporaryErrorShare = temporaryErrorShare
        self.rateLimitShare = rateLimitShare
        self.retryAfterSeconds = retryAfterSeconds
        self.limit = limit
    }

    /// The endpoints the rule applies to (`["*"]` when none is named).
    public var endpoints: [String] {
        get { endpoint?.names ?? ["*"] }
        set { endpoint = Endpoints(names: newValue) }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, limit
        case latencyMilliseconds = "latency_ms"
        case serverErrorShare = "server_error_share"
        case temporaryErrorShare = "code2_share"
        case rateLimitShare = "code613_share"
        case retryAfterSeconds = "retry_after_seconds"
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
