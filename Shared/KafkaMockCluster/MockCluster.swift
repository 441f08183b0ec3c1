import Kafka
import Logging
import Synchronization

/// A librdkafka mock cluster hosted in this process: a real Kafka-protocol broker set on
/// 127.0.0.1 (random ports) with produce, fetch, consumer groups, committed offsets, idempotent
/// producers and fault injection. For tests and the development broker.
///
/// Limits (seen with librdkafka 2.0.2 and 2.8.0): memory only, about 5 MB kept per partition (older records are
/// dropped silently), topics with a chosen partition count only through ``createTopic(_:partitions:replicationFactor:)``
/// (Admin CreateTopics times out; a metadata request for an unknown topic auto-creates it with 4
/// partitions), a waiting fetch is answered only after `fetch.wait.max.ms`, and each group
/// rebalance waits about `session.timeout.ms - 1 s` for members to rejoin.
///
/// The control calls (``setBrokerDown(_:)`` etc.) wait briefly for the mock cluster's thread.
public final class MockCluster: Sendable {
    private let cluster: RDKafkaMockCluster
    private let isClosed = Mutex(false)

    /// The bootstrap list of the cluster's brokers, `127.0.0.1:port,…`.
    public let bootstrapServers: String
    /// The number of brokers; their ids run from 1.
    public let brokerCount: Int

    /// Starts a cluster of `brokers` brokers. `properties` go to the hosting librdkafka handle
    /// (e.g. `["debug": "mock"]` to see the cluster's own trace in `logger`).
    ///
    /// The brokers' sockets have Nagle's algorithm off (`socket.nagle.disable=true` unless
    /// `properties` say otherwise): with it, a produce request spanning several partitions waited
    /// up to 40 ms for its answer (a webhook of ten events took 44 ms instead of 2).
    public init(
        brokers: Int = 1, logger: Logger = Logger(label: "kafka.mock"), properties: [String: String] = [:]
    ) throws(KafkaError) {
        precondition(brokers > 0, "a mock cluster needs at least one broker")
        let properties = properties.merging(["socket.nagle.disable": "true"]) { given, _ in given }
        // The cluster lives inside a librdkafka handle: a producer with no brokers of its own, which
        // says so at notice level; only warnings and above matter unless a debug trace was asked for.
        var hostLogger = logger
        if properties["debug"] == nil { hostLogger.logLevel = max(logger.logLevel, .warning) }
        cluster = try RDKafkaMockCluster(brokers: Int32(brokers), properties: properties, logger: hostLogger)
        bootstrapServers = cluster.bootstrapServers
        brokerCount = brokers
    }

    deinit {
        close()
    }

    /// Creates `name` with `partitions` partitions (an existing topic is left as it is).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        try cluster.createTopic(
            name, partitions: partitions, replicationFactor: min(replicationFactor, Int32(brokerCount)))
    }

    /// Creates every topic of `names` with `partitions` partitions.
    public func createTopics(_ names: [String], partitions: Int32) throws(KafkaError) {
        for name in names { try createTopic(name, partitions: partitions) }
    }

    /// Disconnects broker `id` and refuses new connections (no leader change).
    public func setBrokerDown(_ id: Int32 = 1) {
        check(cluster.setBroker(id, up: false), id)
    }

    /// Lets broker `id` accept connections again.
    public func setBrokerUp(_ id: Int32 = 1) {
        check(cluster.setBroker(id, up: true), id)
    }

    /// Delays every response of broker `id` by `roundTripTime`.
    public func setRoundTripTime(_ roundTripTime: Duration, broker id: Int32 = 1) {
        check(cluster.setRoundTripTime(roundTripTime, broker: id), id)
    }

    /// Makes the next requests of type `apiKey` (see ``APIKey``) fail, one per error code, in order,
    /// whichever broker receives them.
    public func pushRequestErrors(apiKey: Int16, errors: [Int32]) {
        cluster.pushRequestErrors(apiKey: apiKey, errors: errors)
    }

    /// Stops the cluster: connections close, every record is gone. Idempotent; also done on deinit.
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        cluster.destroy()
    }

    private func check(_ found: Bool, _ id: Int32) {
        precondition(
            found, "mock broker \(id) does not exist (ids run 1...\(brokerCount))")
    }
}
