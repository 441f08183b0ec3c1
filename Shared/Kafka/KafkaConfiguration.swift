/// Where a Kafka client connects, plus any librdkafka property.
///
/// `properties` takes every property of librdkafka's CONFIGURATION.md (`security.protocol`,
/// `sasl.mechanisms`, `sasl.username`, `sasl.password`, `ssl.ca.location`, …). They are applied
/// after the defaults of ``KafkaProducerConfiguration`` and ``KafkaConsumerConfiguration``, so they
/// override them, except for the few properties the layer depends on (documented there).
/// ``properties(fromEnvironment:)`` fills them from `KAFKA_PROPERTY_*` variables.
public struct KafkaConfiguration: Sendable, Hashable {
    /// The bootstrap list, `host:port,host:port` (`KAFKA_BROKERS`).
    public var bootstrapServers: String
    /// librdkafka properties by name, e.g. `["security.protocol": "SASL_SSL"]`.
    public var properties: [String: String]

    /// A configuration for the cluster at `bootstrapServers`.
    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
    }

    /// Whether a property holds a secret, so that its value must never be logged.
    ///
    /// Matches passwords, secrets, private keys, keystores and the OAUTHBEARER configuration.
    public static func isSensitive(property name: String) -> Bool {
        let name = name.lowercased()
        return ["password", "secret", "sasl.oauthbearer.config", "ssl.key.pem", "ssl_key", "private", "keystore"]
            .contains { name.contains($0) }
    }

    /// `properties` with the value of every sensitive property replaced by `[redacted]`, for logs.
    public var redactedProperties: [String: String] {
        var redacted = properties
        for name in redacted.keys where Self.isSensitive(property: name) {
            redacted[name] = "[redacted]"
        }
        return redacted
    }
}

/// A client's configuration built on the connection settings every client shares.
public protocol KafkaClientConfiguration {
    /// The connection: bootstrap servers and extra librdkafka properties.
    var kafka: KafkaConfiguration { get set }
}

extension KafkaClientConfiguration {
    /// The bootstrap list (`kafka.bootstrapServers`).
    public var bootstrapServers: String {
        get { kafka.bootstrapServers }
        set { kafka.bootstrapServers = newValue }
    }

    /// Extra librdkafka properties (`kafka.properties`).
    public var properties: [String: String] {
        get { kafka.properties }
        set { kafka.properties = newValue }
    }
}
