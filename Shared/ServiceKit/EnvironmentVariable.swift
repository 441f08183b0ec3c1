import Kafka
import Logging
import MessengerPlatform

/// One environment variable an executable reads, as `--help` lists it: its name, its default and
/// what it means.
///
/// Groups several executables share (``logging``, ``httpServer``, ``kafka``, ``service(defaultPort:)``)
/// are defined once here; defaults come from the configuration types' own defaults, so the help
/// cannot drift from what the service does.
public struct EnvironmentVariable: Sendable, Hashable {
    /// The variable, e.g. `PORT`; a family ends in `*` (`KAFKA_PROPERTY_*`).
    public var name: String
    /// The value used when it is unset, as it would be written; `nil` when unset means "none".
    public var defaultValue: String?
    /// One or two sentences: what it sets, the values it takes, when it is required.
    public var meaning: String

    /// A variable `name` defaulting to `defaultValue` (`nil`: no default).
    public init(name: String, default defaultValue: String?, meaning: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.meaning = meaning
    }

    /// A secret read from `name` or from the file `name_FILE` names (``ServiceEnvironment/secret(_:)``):
    /// both variables, without a default.
    public static func secret(_ name: String, meaning: String) -> [EnvironmentVariable] {
        [
            EnvironmentVariable(name: name, default: nil, meaning: meaning),
            EnvironmentVariable(
                name: name + "_FILE", default: nil, meaning: "A file holding \(name) (set one of the two)."),
        ]
    }

    /// A duration as the whole milliseconds a `…_MS` variable takes.
    public static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
    }

    /// A duration as the whole seconds a `…_SECONDS` variable takes.
    public static func seconds(_ duration: Duration) -> String {
        String(duration.components.seconds)
    }
}

extension EnvironmentVariable {
    /// `LOG_LEVEL` and `LOG_FORMAT` (``LogBootstrap``).
    public static let logging: [EnvironmentVariable] = [
        EnvironmentVariable(
            name: "LOG_LEVEL", default: LogBootstrap.defaultLevel.rawValue,
            meaning: "trace, debug, info, notice, warning, error or critical."),
        EnvironmentVariable(
            name: "LOG_FORMAT", default: LogBootstrap.defaultFormat,
            meaning: "text, or json for one JSON object a line. Logs go to stderr."),
    ]

    /// `HOST` and `PORT` of a service's HTTP server.
    public static func service(defaultPort: Int, defaultHost: String = "0.0.0.0") -> [EnvironmentVariable] {
        [
            EnvironmentVariable(name: "HOST", default: defaultHost, meaning: "Address the HTTP server listens on."),
            EnvironmentVariable(
                name: "PORT", default: String(defaultPort), meaning: "Port of the HTTP server (0 picks a free one)."),
        ]
    }

    /// `HTTP_IDLE_TIMEOUT_MS` and `HTTP_REQUEST_READ_TIMEOUT_MS` (``HTTPServerLimits``).
    public static let httpServer: [EnvironmentVariable] = {
        let limits = HTTPServerLimits()
        return [
            EnvironmentVariable(
                name: "HTTP_IDLE_TIMEOUT_MS", default: milliseconds(limits.idleTimeout),
                meaning: "Closes a connection on which nothing arrives for this long."),
            EnvironmentVariable(
                name: "HTTP_REQUEST_READ_TIMEOUT_MS", default: milliseconds(limits.requestReadTimeout),
                meaning: "Closes a connection whose request body has not fully arrived this long after its head."),
        ]
    }()

    /// `KAFKA_BROKERS`, `KAFKA_PROPERTY_*` and `KAFKA_TOPIC_PREFIX`.
    public static let kafka: [EnvironmentVariable] =
        [
            EnvironmentVariable(
                name: "KAFKA_BROKERS", default: KafkaConfiguration(environment: [:]).bootstrapServers,
                meaning: "Comma-separated bootstrap brokers (host:port)."),
            EnvironmentVariable(
                name: KafkaConfiguration.environmentPropertyPrefix + "*", default: nil,
                meaning: "Any librdkafka property: KAFKA_PROPERTY_SECURITY_PROTOCOL=SASL_SSL sets"
                    + " security.protocol (_ is a dot, __ an underscore); KAFKA_PROPERTY_<NAME>_FILE reads it"
                    + " from a file (a mounted secret)."),
        ] + topicPrefix

    /// `KAFKA_TOPIC_PREFIX` (``MessengerTopics``).
    public static let topicPrefix: [EnvironmentVariable] = [
        EnvironmentVariable(
            name: "KAFKA_TOPIC_PREFIX", default: MessengerTopics().prefix,
            meaning: "Prefix of every topic name (messages, standby, handovers, app_role and their .dlq twins).")
    ]
}
