/// Configuration of a ``KafkaConsumer``: a group member subscribed to one or more topics.
///
/// Offsets are stored only through ``KafkaConsumer/storeOffset(_:)`` and committed by auto-commit,
/// on revocation and on shutdown, so a record counts as consumed only once the application says it
/// is done (at-least-once).
///
/// | librdkafka property | value |
/// |---|---|
/// | `bootstrap.servers` | ``bootstrapServers`` |
/// | `group.id` | ``groupID`` (required) |
/// | `enable.auto.offset.store` | `false` (required) |
/// | `enable.auto.commit` | `true` |
/// | `auto.commit.interval.ms` | ``autoCommitInterval``, 1000 |
/// | `partition.assignment.strategy` | ``assignmentStrategy``, `range` |
/// | `auto.offset.reset` | ``autoOffsetReset``, `earliest` |
/// | `fetch.wait.max.ms` | ``fetchWaitMax`` when set (librdkafka: 500; tests and the dev broker: 10) |
/// | `statistics.interval.ms` | ``statisticsInterval``, 5000 (feeds ``KafkaConsumer/lag()``) |
/// | `session.timeout.ms` | ``sessionTimeout`` when set (librdkafka: 45000) |
/// | `heartbeat.interval.ms` | ``heartbeatInterval`` when set (librdkafka: 3000) |
/// | `client.id` | ``clientID`` when set |
///
/// Entries of ``properties`` are applied last and override the table, except the required ones.
public struct KafkaConsumerConfiguration: KafkaClientConfiguration, Sendable, Hashable {
    /// Bootstrap servers and extra librdkafka properties.
    public var kafka: KafkaConfiguration
    /// The consumer group (`group.id`).
    public var groupID: String
    /// The topics to subscribe to.
    public var topics: [String]
    /// The most records one ``KafkaConsumerEvent/records(_:)`` event carries.
    public var maxBatchSize: Int
    /// How many record batches may wait for the application before the poll thread stops fetching
    /// (back-pressure).
    public var bufferedBatches: Int
    /// How partitions are spread over the group's members.
    public var assignmentStrategy: KafkaAssignmentStrategy
    /// Where to start on partitions without a committed offset.
    public var autoOffsetReset: KafkaOffsetReset
    /// How often stored offsets are committed in the background.
    public var autoCommitInterval: Duration
    /// How long the broker may hold a fetch waiting for data; `nil` keeps librdkafka's default.
    public var fetchWaitMax: Duration?
    /// How often librdkafka reports statistics, from which lag is read; `nil` disables them.
    public var statisticsInterval: Duration?
    /// How long the group coordinator waits for a silent member before evicting it.
    public var sessionTimeout: Duration?
    /// How often the member heartbeats to the coordinator.
    public var heartbeatInterval: Duration?
    /// The client id brokers see (`client.id`).
    public var clientID: String?

    /// A consumer configuration.
    public init(
        kafka: KafkaConfiguration, groupID: String, topics: [String], maxBatchSize: Int = 500,
        bufferedBatches: Int = 4, assignmentStrategy: KafkaAssignmentStrategy = .range,
        autoOffsetReset: KafkaOffsetReset = .earliest, autoCommitInterval: Duration = .seconds(1),
        fetchWaitMax: Duration? = nil, statisticsInterval: Duration? = .seconds(5), sessionTimeout: Duration? = nil,
        heartbeatInterval: Duration? = nil, clientID: String? = nil
    ) {
        self.kafka = kafka
        self.groupID = groupID
        self.topics = topics
        self.maxBatchSize = maxBatchSize
        self.bufferedBatches = bufferedBatches
        self.assignmentStrategy = assignmentStrategy
        self.autoOffsetReset = autoOffsetReset
        self.autoCommitInterval = autoCommitInterval
        self.fetchWaitMax = fetchWaitMax
        self.statisticsInterval = statisticsInterval
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.clientID = clientID
    }

    /// A consumer configuration for `bootstrapServers` with extra librdkafka `properties`.
    public init(
        bootstrapServers: String, groupID: String, topics: [String], properties: [String: String] = [:]
    ) {
        self.init(
            kafka: KafkaConfiguration(bootstrapServers: bootstrapServers, properties: properties), groupID: groupID,
            topics: topics)
    }

    /// The full librdkafka property set this configuration stands for.
    public func librdkafkaProperties() throws(KafkaError) -> [String: String] {
        guard !groupID.isEmpty else { throw .invalidConfiguration("a consumer needs a group id") }
        guard !topics.isEmpty else { throw .invalidConfiguration("a consumer needs at least one topic") }
        guard maxBatchSize > 0, bufferedBatches > 0 else {
            throw .invalidConfiguration("maxBatchSize and bufferedBatches must be positive")
        }
        var result: [String: String] = [
            "bootstrap.servers": kafka.bootstrapServers,
            "group.id": groupID,
            "enable.auto.offset.store": "false",
            "enable.auto.commit": "true",
            "auto.commit.interval.ms": String(autoCommitInterval.kafkaMilliseconds),
            "partition.assignment.strategy": assignmentStrategy.rawValue,
            "auto.offset.reset": autoOffsetReset.rawValue,
            "statistics.interval.ms": String(statisticsInterval?.kafkaMilliseconds ?? 0),
        ]
        if let fetchWaitMax { result["fetch.wait.max.ms"] = String(fetchWaitMax.kafkaMilliseconds) }
        if let sessionTimeout { result["session.timeout.ms"] = String(sessionTimeout.kafkaMilliseconds) }
        if let heartbeatInterval { result["heartbeat.interval.ms"] = String(heartbeatInterval.kafkaMilliseconds) }
        if let clientID { result["client.id"] = clientID }
        result.merge(kafka.properties) { _, explicit in explicit }
        guard result["group.id"] == groupID else {
            throw .invalidConfiguration("group.id is set by groupID; do not pass it as a property")
        }
        guard result["enable.auto.offset.store"]?.lowercased() == "false" else {
            throw .invalidConfiguration(
                "enable.auto.offset.store must stay false: offsets are stored only when a record is done")
        }
        return result
    }
}
