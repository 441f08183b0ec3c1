import Foundation
import Kafka
import KafkaMockCluster
import Launcher
import LocalStack
import Logging

/// The broker of one Kafka benchmark run: the mock cluster in this process, or a tansu process on
/// loopback with the topics created through the admin API. Both sides of a comparison (C and
/// Swift) use the same one.
final class BenchBroker: Sendable {
    let bootstrapServers: String
    private let cluster: MockCluster?
    private let process: ChildProcess?

    private init(bootstrapServers: String, cluster: MockCluster?, process: ChildProcess?) {
        self.bootstrapServers = bootstrapServers
        self.cluster = cluster
        self.process = process
    }

    /// Starts a broker of `kind` with `topics`.
    static func start(
        _ kind: KafkaBenchmark.Broker, topics: [(name: String, partitions: Int32)], logger: Logger
    ) async throws -> BenchBroker {
        switch kind {
        case .mock:
            let cluster = try MockCluster(brokers: 1, logger: logger)
            for topic in topics { try cluster.createTopic(topic.name, partitions: topic.partitions) }
            return BenchBroker(bootstrapServers: cluster.bootstrapServers, cluster: cluster, process: nil)
        case .tansu:
            guard let executable = TansuBroker.locateExecutable(searching: [BuildFolder.own()])
            else { throw BenchError("tansu is not installed: run scripts/install-deps") }
            let log = FileManager.default.temporaryDirectory.appendingPathComponent(
                "handover-bench-tansu-\(UUID()).log")
            let (process, servers) = try await TansuBroker.start(executable: executable, logURL: log)
            let broker = BenchBroker(bootstrapServers: servers, cluster: nil, process: process)
            for (partitions, names) in Dictionary(grouping: topics, by: \.partitions) {
                try await KafkaAdmin.ensureTopics(
                    names.map(\.name), partitions: partitions,
                    configuration: KafkaConfiguration(bootstrapServers: servers), logger: logger)
            }
            return broker
        }
    }

    /// Whether tansu can be found (the tansu rows are skipped with a note otherwise).
    static var tansuIsInstalled: Bool {
        TansuBroker.locateExecutable(searching: [BuildFolder.own()]) != nil
    }

    /// Stops the broker.
    func close() {
        cluster?.close()
        process?.send(SIGKILL)
    }
}
