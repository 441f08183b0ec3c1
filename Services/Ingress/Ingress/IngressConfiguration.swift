import Kafka
import MessengerPlatform
import ServiceKit

/// Everything `handover-ingress` needs, with the defaults documented in the README.
public struct IngressConfiguration: Sendable {
    /// Address to listen on (`HOST`, default 0.0.0.0).
    public var host: String = "0.0.0.0"
    /// Port (`PORT`, default 8080; 0 picks a free one).
    public var port: Int = 8080
    /// The apps whose webhooks are accepted (`MESSENGER_APP_*` or `HANDOVER_CONFIG`).
    public var apps: [MessengerApp]
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
    /// What all bodies being received may hold in memory together (`INGRESS_BODY_BUDGET_BYTES`,
    /// default 64 MiB); a body that would pass it is answered 503 with `Retry-After`.
    public var bodyBudgetBytes: Int = 64 << 20
    /// Most items (events) one body may carry (`INGRESS_MAX_ITEMS_PER_BODY`, default 1000, Meta's
    /// largest batch); a signed body with more is kept whole on the dead-letter topic and answered 200.
    public var maxItemsPerBody: Int = 1_000
    /// Idle and request read timeouts of the HTTP server (`HTTP_IDLE_TIMEOUT_MS`,
    /// `HTTP_REQUEST_READ_TIMEOUT_MS`).
    public var httpLimits = HTTPServerLimits()

    /// Room a record needs beyond the body bytes it carries (the contract envelope, key and
    /// headers): the producer's `message.max.bytes` is at least the body limit plus this, so every
    /// body the ingress accepts fits one record.
    public static let recordOverheadBytes = 64 << 10

    /// A configuration for `apps` publishing through `kafka`.
    public init(apps: [MessengerApp], kafka: KafkaConfiguration) {
        self.apps = apps
        self.kafka = kafka
    }

    /// Reads the environment; throws a ``ConfigurationError`` naming the first bad variable.
    public init(environment: ServiceEnvironment) throws {
        var apps: [MessengerApp] = []
        if let path = environment.string("HANDOVER_CONFIG") {
            let file = try HandoverConfigFile.load(path: path)
            apps = file.apps.map {
                MessengerApp(id: $0.id, secret: $0.secret, verifyToken: $0.verifyToken, allowSHA1: $0.allowSHA1)
            }
        }
        if let id = environment.string("MESSENGER_APP_ID") {
            apps.append(
                MessengerApp(
                    id: id,
                    secret: try environment.requiredSecret("MESSENGER_APP_SECRET"),
                    verifyToken: try environment.secret("MESSENGER_VERIFY_TOKEN"),
                    allowSHA1: try environment.bool("INGRESS_ALLOW_SHA1", default: false)
                ))
        }
        guard !apps.isEmpty else {
            throw ConfigurationError(variable: "MESSENGER_APP_ID", problem: "is required (or apps in HANDOVER_CONFIG)")
        }
        self.init(apps: apps, kafka: try environment.kafkaConfiguration())
        // The answer deadline is one setting: librdkafka's message.timeout.ms follows it.
        if kafka.properties["message.timeout.ms"] != nil {
            throw ConfigurationError(
                variable: "KAFKA_PROPERTY_MESSAGE_TIMEOUT_MS", problem: "is set by INGRESS_ACK_TIMEOUT_MS; unset it")
        }
        host = environment.string("HOST", default: host)
        port = try environment.port(default: port)
        topics = MessengerTopics(environment: environment)
        maxBodyBytes = try environment.int("INGRESS_MAX_BODY_BYTES", default: maxBodyBytes, in: 1_024...(64 << 20))
        ackTimeout = try environment.milliseconds("INGRESS_ACK_TIMEOUT_MS", default: ackTimeout, in: 100...20_000)
        retryAfterSeconds = try environment.int(
            "INGRESS_RETRY_AFTER_SECONDS", default: retryAfterSeconds, in: 0...3_600)
        bodyBudgetBytes = try environment.int(
            "INGRESS_BODY_BUDGET_BYTES", default: bodyBudgetBytes, in: maxBodyBytes...(16 << 30))
        maxItemsPerBody = try environment.int("INGRESS_MAX_ITEMS_PER_BODY", default: maxItemsPerBody, in: 1...1_000_000)
        httpLimits = try HTTPServerLimits(environment: environment)
        if let raw = kafka.properties["message.max.bytes"] {
            let needed = maxBodyBytes + Self.recordOverheadBytes
            guard let value = Int(raw), value >= needed else {
                throw ConfigurationError(
                    variable: "KAFKA_PROPERTY_MESSAGE_MAX_BYTES",
                    problem: "must be at least INGRESS_MAX_BODY_BYTES + \(Self.recordOverheadBytes) (\(needed))")
            }
        }
    }
}
