/// Configuration of a ``KafkaProducer``.
///
/// The producer is always idempotent with `acks=all`, partitions with `murmur2_random` (the Java
/// client's partitioner, so a key lands on the same partition from either client), and bounds each
/// record's delivery by `messageTimeout`.
///
/// | librdkafka property | value |
/// |---|---|
/// | `bootstrap.servers` | ``bootstrapServers`` |
/// | `enable.idempotence` | `true` (required) |
/// | `acks` | `all` (required) |
/// | `partitioner` | `murmur2_random` |
/// | `message.timeout.ms` | ``messageTimeout``, 3000 |
/// | `linger.ms` | ``linger``, 1 |
/// | `client.id` | ``clientID`` when set |
///
/// Entries of ``properties`` are applied last and override the table, except the two required ones.
public struct KafkaProducerConfiguration: KafkaClientConfiguration, Sendable, Hashable {
    /// Bootstrap servers and extra librdkafka properties.
    public var kafka: KafkaConfiguration
    /// How long a record may take from `send` to the broker's acknowledgement, retries included,
    /// before it fails with a retriable `_MSG_TIMED_OUT` (`message.timeout.ms`).
    public var messageTimeout: Duration
    /// How long the producer waits to fill a batch (`linger.ms`). Small: sends are latency-bound.
    public var linger: Duration
    /// The client id brokers see in their logs and quotas (`client.id`).
    public var clientID: String?

    /// A producer configuration.
    public init(
        kafka: KafkaConfiguration, messageTimeout: Duration = .milliseconds(3000), linger: Duration = .milliseconds(1),
        clientID: String? = nil
    ) {
        self.kafka = kafka
        self.messageTimeout = messageTimeout
        self.linger = linger
        self.clientID = clientID
    }

    /// A producer configuration for `bootstrapServers` with extra librdkafka `properties`.
    public init(
        bootstrapServers: String, properties: [String: String] = [:], messageTimeout: Duration = .milliseconds(3000),
        linger: Duration = .milliseconds(1), clientID: String? = nil
    ) {
        self.init(
            kafka: KafkaConfiguration(bootstrapServers: bootstrapServers, properties: properties),
            messageTimeout: messageTimeout, linger: linger, clientID: clientID)
    }

    /// The full librdkafka property set this configuration stands for.
    public func librdkafkaProperties() throws(KafkaError) -> [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": kafka.bootstrapServers,
            "enable.idempotence": "true",
            "acks": "all",
            "partitioner": "murmur2_random",
            "message.timeout.ms": String(messageTimeout.kafkaMilliseconds),
            "linger.ms": String(linger.kafkaMilliseconds),
        ]
        if let clientID { result["client.id"] = clientID }
        result.merge(kafka.properties) { _, explicit in explicit }
        guard result["enable.idempotence"]?.lowercased() == "true" else {
            throw .invalidConfiguration("enable.idempotence must stay true: records must be written exactly once")
        }
        guard ["all", "-1"].contains(result["acks"]?.lowercased()) else {
            throw .invalidConfiguration("acks must stay all: a send returns only when every in-sync replica has it")
        }
        return result
    }
}
