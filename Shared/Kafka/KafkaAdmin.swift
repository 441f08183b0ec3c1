import Logging

/// Cluster administration the services need at start-up.
public enum KafkaAdmin {
    /// Makes sure the topics `names` exist with `partitions` partitions, through the CreateTopics
    /// request.
    ///
    /// A topic that already exists counts as success (its partition count is left as it is). When
    /// the broker does not answer within `timeout` or does not support CreateTopics, this logs a
    /// warning and returns: such brokers (librdkafka's mock cluster times out; others auto-create
    /// topics on first use) are tolerated, and producing or consuming will show any real problem.
    /// Other errors (authorization, invalid partition count…) throw the first one.
    ///
    /// - Parameters:
    ///   - partitions: partitions of each topic; -1 takes the broker's default.
    ///   - replicationFactor: copies of each partition; -1 takes the broker's default.
    ///   - configuration: the cluster and any librdkafka properties (security settings…).
    public static func ensureTopics(
        _ names: [String], partitions: Int32, replicationFactor: Int32 = -1, configuration: KafkaConfiguration,
        timeout: Duration = .seconds(10), logger: Logger = Logger(label: "kafka.admin")
    ) async throws(KafkaError) {
        guard !names.isEmpty else { return }
        guard partitions >= 1 || partitions == -1 else {
            throw .invalidConfiguration("a topic needs at least one partition (or -1 for the broker's default)")
        }
        var properties = configuration.properties
        properties["bootstrap.servers"] = configuration.bootstrapServers
        let client = try RDKafkaClient(
            kind: .producer, properties: properties, context: RDKafkaClientContext(logger: logger))
        let outcome = await BlockingCall.run {
            defer { client.destroy() }
            return client.handle.createTopics(
                names, partitions: partitions, replicationFactor: replicationFactor, timeout: timeout)
        }
        switch outcome {
        case .created(let created):
            logger.info(
                "Kafka topics ensured",
                metadata: ["kafka.topics": "\(names.joined(separator: ","))", "kafka.topics.created": "\(created)"])
        case .tolerated(let error):
            logger.warning(
                "Kafka topics not verified: the broker did not complete CreateTopics; relying on existing or auto-created topics",
                metadata: ["kafka.topics": "\(names.joined(separator: ","))", KafkaLogKey.error: "\(error)"])
        case .failed(let error):
            throw error
        }
    }
}
