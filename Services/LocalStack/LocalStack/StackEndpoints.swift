/// Where the services of one stack listen.
public struct StackEndpoints: Sendable, Hashable {
    /// Interface every service listens on.
    public let host: String
    /// HTTP ports.
    public let ports: StackPorts
    /// The broker's bootstrap address (`KAFKA_BROKERS`), known once the broker has started.
    public var brokers: String?

    /// Endpoints on `host` with `ports`.
    public init(host: String, ports: StackPorts, brokers: String? = nil) {
        self.host = host
        self.ports = ports
        self.brokers = brokers
    }

    /// `http://host:port` of `service`; nil for the broker.
    public func baseURL(_ service: StackService) -> String? {
        ports[service].map { "http://\(host):\($0)" }
    }

    /// The simulator's base URL (Graph API and `/_sim/`).
    public var simulatorURL: String { baseURL(.simulator)! }
    /// The ingress's base URL.
    public var ingressURL: String { baseURL(.ingress)! }
    /// The agent worker's base URL (agent API under `/agent/threads/`).
    public var agentAPIURL: String { baseURL(.agentWorker)! }

    /// The ingress's webhook URL for `appID`.
    public func webhookURL(appID: String) -> String {
        "\(ingressURL)/webhook/\(appID)"
    }
}
