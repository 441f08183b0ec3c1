import Kafka
import ServiceKit

/// Everything `handover-ingress` needs, with the defaults documented in the README.
public struct IngressConfiguration: Sendable {
    /// Address to listen on (`HOST`, default 0.0.0.0).
    public var host: String = "0.0.0.0"
    /// Port (`PORT`, default 8080; 0 picks a free one).
    public var port: Int = 8080
    /// The apps whose webhooks are accepted (`MESSENGER_APP_*` or `HANDOVER_CONFIG`).
    public var apps: [IngressApp]
    /// Broker connection and librdkafka properties (`KAFKA_BROKERS`, `KAFKA_PROPERTY_*`).
    public var kafka: KafkaConfiguration
    /// Topic names (`KAFKA_TOPIC_PREFIX`).
    public var topics: MessengerTopics = MessengerTopics()
    /// Largest body accepted (`INGRESS_MAX_BODY_BYTES`, default 1 MiB); larger gets 413.
    public var maxBodyBytes: Int = 1 << 20
    /// How long a request may wait for the broker's acknowledgement of all its records
    /// (`INGRESS_ACK_TIMEOUT_MS`, default 3000) before it is answered 503, well inside Meta's 5 s.
    public var ackTimeout: Duration = .seconds(3)
    /// `Retry-After` seconds on a 503 (`INGRESS_RETRY_AFTER_SECONDS`, default 1).
    public var retryAfterSeconds: Int = 1

    /// A configuration for `apps` publishing through `kafka`.
    public init(apps: [IngressApp], kafka: KafkaConfiguration) {
        self.apps = apps
        self.kafka = kafka
    }

    /// Reads the environment; throws a ``ConfigurationError`` naming the first bad variable.
    public init(environment: ServiceEnvironment) throws {
        var apps: [IngressApp] = []
        if let path = environment.string("HANDOVER_CONFIG") {
            let file = try HandoverConfigFile.load(path: path)
            apps = file.apps.map {
                IngressApp(id: $0.id, secret: $0.secret, verifyToken: $0.verifyToken, allowSHA1: $0.allowSHA1)
            }
        }
        if let id = environment.string("MESSENGER_APP_ID") {
            apps.append(
                IngressApp(
                    id: id,
                    secret: try environment.requiredSecret("MESSENGER_APP_SECRET"),
                    verifyToken: try environment.secret("MESSENGER_VERIFY_TOKEN"),
                    allowSHA1: try environment.bool("INGRESS_ALLOW_SHA1", default: false)
                ))
        }
        guard !apps.isEmpty else {
            throw ConfigurationError(variable: "MESSENGER_APP_ID", problem: "is required (or apps in HANDOVER_CONFIG)")
        }
        self.init(apps: apps, kafka: KafkaConfiguration(environment: environment.variables))
        host = environment.string("HOST", default: host)
        port = try environment.port(default: port)
        topics = MessengerTopics(environment: environment)
        maxBodyBytes = try environment.int("INGRESS_MAX_BODY_BYTES", default: maxBodyBytes, in: 1_024...(64 << 20))
        ackTimeout = try environment.milliseconds("INGRESS_ACK_TIMEOUT_MS", default: ackTimeout, in: 100...20_000)
        retryAfterSeconds = try environment.int("INGRESS_RETRY_AFTER_SECONDS", default: retryAfterSeconds, in: 0...3_600)
    }
}
