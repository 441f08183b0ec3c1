import ServiceKit

extension DevBrokerConfiguration {
    /// `handover-devbroker` on the command line: what `--help` says and every variable it reads.
    static let command = ServiceCommand(
        name: "handover-devbroker",
        summary: "A Kafka-protocol broker for laptops and tests (librdkafka's mock cluster) with the system's"
            + " topics created; it prints its bootstrap address and runs until SIGTERM or SIGINT. Not for"
            + " production: nothing is kept on disk.",
        variables: environmentVariables)

    /// Every variable ``init(environment:)`` reads.
    static var environmentVariables: [EnvironmentVariable] {
        EnvironmentVariable.topicPrefix + [
            EnvironmentVariable(
                name: "DEVBROKER_PARTITIONS", default: String(defaultPartitions), meaning: "Partitions of every topic."),
            EnvironmentVariable(
                name: "DEVBROKER_BROKERS", default: String(defaultBrokers), meaning: "Brokers in the mock cluster."),
            EnvironmentVariable(
                name: "DEVBROKER_BOOTSTRAP_FILE", default: nil, meaning: "A file to write the bootstrap address to."),
            EnvironmentVariable(
                name: "DEVBROKER_HOST", default: nil,
                meaning: "The host clients should use in the bootstrap address (the mock cluster listens on 127.0.0.1)."
            ),
        ] + EnvironmentVariable.logging
    }
}
