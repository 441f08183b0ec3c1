import Foundation
import Kafka
import KafkaMockCluster
import Logging
import ServiceLifecycle

/// Hosts a librdkafka mock cluster with the system's topics until graceful shutdown.
///
/// Announces the bootstrap address as a `KAFKA_BROKERS=127.0.0.1:port` line on standard output and,
/// when configured, in a file (written whole, then renamed, so readers never see half an address;
/// removed again at shutdown).
struct DevBrokerService: Service {
    let configuration: DevBrokerConfiguration
    let logger: Logger

    func run() async throws {
        let cluster = try MockCluster(brokers: configuration.brokers, logger: logger)
        defer { cluster.close() }
        for topic in configuration.topicNames {
            try cluster.createTopic(
                topic, partitions: configuration.partitions, replicationFactor: Int32(configuration.brokers))
        }
        logger.info(
            "development broker up",
            metadata: [
                "kafka.brokers": "\(cluster.bootstrapServers)", "brokers": "\(configuration.brokers)",
                "partitions": "\(configuration.partitions)", "librdkafka": "\(KafkaLibrary.version)",
                "kafka.topics": "\(configuration.topicNames.joined(separator: ","))",
            ])
        if let host = configuration.host, !["127.0.0.1", "localhost", "::1", "0.0.0.0"].contains(host) {
            logger.warning(
                "DEVBROKER_HOST is ignored: librdkafka's mock cluster listens on 127.0.0.1 only",
                metadata: ["host": "\(host)"])
        }
        announce(cluster.bootstrapServers)
        try writeBootstrapFile(cluster.bootstrapServers)

        // Runs until SIGTERM or SIGINT.
        try? await gracefulShutdown()

        if let path = configuration.bootstrapFile { try? FileManager.default.removeItem(atPath: path) }
        logger.info("development broker stopping")
    }

    /// The line launchers and people read; flushed at once because standard output may be a pipe.
    private func announce(_ bootstrapServers: String) {
        FileHandle.standardOutput.write(Data("KAFKA_BROKERS=\(bootstrapServers)\n".utf8))
    }

    private func writeBootstrapFile(_ bootstrapServers: String) throws {
        guard let path = configuration.bootstrapFile else { return }
        let url = URL(fileURLWithPath: path)
        try Data("\(bootstrapServers)\n".utf8).write(to: url, options: .atomic)
        logger.info("bootstrap address written", metadata: ["file": "\(path)"])
    }
}
