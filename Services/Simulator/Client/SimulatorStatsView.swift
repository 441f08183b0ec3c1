/// `GET /_sim/stats`: what the simulator counted since it started (or was reset).
public struct SimulatorStatsView: Sendable, Hashable, Codable {
    /// Webhook POSTs.
    public struct Webhooks: Sendable, Hashable, Codable {
        /// Every POST, first tries and retries.
        public var attempts: Int
        /// POSTs that repeated an earlier one.
        public var retries: Int
        /// Events a receiver accepted.
        public var delivered: Int
        /// Events given up on.
        public var failed: Int

        /// Counters with these values.
        public init(attempts: Int, retries: Int, delivered: Int, failed: Int) {
            self.attempts = attempts
            self.retries = retries
            self.delivered = delivered
            self.failed = failed
        }
    }

    /// Graph calls per endpoint (`messages` is the Send API); every attempt counts.
    public var graphCalls: [String: Int]
    /// The sum of ``graphCalls``.
    public var graphCallsTotal: Int
    /// Graph calls answered with an error, per endpoint.
    public var graphErrors: [String: Int]
    /// Of those, the injected faults.
    public var injectedFaults: [String: Int]
    /// TCP connections the server accepted (never reset).
    public var connectionsOpened: Int
    /// Distinct client connections (address and port) that made Graph calls.
    public var graphClientConnections: Int
    /// Webhook POSTs.
    public var webhooks: Webhooks

    /// Stats with these values.
    public init(
        graphCalls: [String: Int], graphErrors: [String: Int], injectedFaults: [String: Int], connectionsOpened: Int,
        graphClientConnections: Int, webhooks: Webhooks
    ) {
        self.graphCalls = graphCalls
        graphCallsTotal = graphCalls.values.reduce(0, +)
        self.graphErrors = graphErrors
        self.injectedFaults = injectedFaults
        self.connectionsOpened = connectionsOpened
        self.graphClientConnections = graphClientConnections
        self.webhooks = webhooks
    }

    enum CodingKeys: String, CodingKey {
        case webhooks
        case graphCalls = "graph_calls"
        case graphCallsTotal = "graph_calls_total"
        case graphErrors = "graph_errors"
        case injectedFaults = "injected_faults"
        case connectionsOpened = "connections_opened"
        case graphClientConnections = "graph_client_connections"
    }
}
