import MessengerPlatform
import ServiceKit

/// What the development broker hosts, from the environment.
///
/// The variables, their defaults and meanings are listed by ``environmentVariables`` (`--help`).
struct DevBrokerConfiguration: Sendable {
    /// The topic set to create.
    var topics: MessengerTopics
    /// Partitions of every topic.
    var partitions: Int32
    /// Brokers in the cluster.
    var brokers: Int
    /// Where to write the bootstrap address, if anywhere.
    var bootstrapFile: String?
    /// The host clients should use; librdkafka's mock cluster listens on 127.0.0.1 only.
    var host: String?

    /// `DEVBROKER_PARTITIONS` when unset.
    static let defaultPartitions = 8
    /// `DEVBROKER_BROKERS` when unset.
    static let defaultBrokers = 1

    init(environment: ServiceEnvironment) throws(ConfigurationError) {
        topics = MessengerTopics(environment: environment)
        partitions = Int32(try environment.int("DEVBROKER_PARTITIONS", default: Self.defaultPartitions, in: 1...1_000))
        brokers = try environment.int("DEVBROKER_BROKERS", default: Self.defaultBrokers, in: 1...9)
        bootstrapFile = environment.string("DEVBROKER_BOOTSTRAP_FILE")
        host = environment.string("DEVBROKER_HOST")
    }

    /// Every topic: the four event topics, their dead-letter twins and the ingress dead-letter topic.
    var topicNames: [String] { topics.allTopics }
}
