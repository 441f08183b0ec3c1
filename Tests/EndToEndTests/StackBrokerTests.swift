import Foundation
import Kafka
import Launcher
import LocalStack
import TestSupport
import Testing

/// `handover-stack --broker`: what the option accepts, and what the stack does to a broker someone
/// else runs (creates the topic set through the admin API, with the person's prefix).
@Suite("The local stack's broker choice")
struct StackBrokerTests {
    @Test func brokerOptionAcceptsMockTansuAndAddressesAndNamesWhatItRefuses() throws {
        #expect(try StackBroker.parse("mock") == .development)
        #expect(
            try StackBroker.parse("127.0.0.1:9092,127.0.0.1:9093")
                == .external(bootstrapServers: "127.0.0.1:9092,127.0.0.1:9093"))
        for refused in ["", "kafka", "host:notaport", "host:0", ":9092"] {
            let error = #expect(throws: StackError.self) { try StackBroker.parse(refused) }
            #expect(error?.kind == .configuration)
            #expect(error?.message.contains("--broker takes mock, tansu or host:port") == true)
        }
    }

    @Test(
        .enabled(
            if: TansuBroker.locateExecutable(searching: [BuildProducts.directory]) != nil, "tansu is not installed"))
    func tansuIsFoundInTheProjectsDepsFolder() throws {
        guard case .tansu(let executable) = try StackBroker.parse("tansu", searching: [BuildProducts.directory]) else {
            Issue.record("--broker tansu did not choose tansu")
            return
        }
        #expect(FileManager.default.isExecutableFile(atPath: executable.path))
    }

    /// An external broker (here a tansu the test starts itself) gets the stack's topic set under
    /// the given prefix, each with the stack's partition count; the stack starts no broker process.
    @Test(
        .enabled(
            if: TansuBroker.locateExecutable(searching: [BuildProducts.directory]) != nil, "tansu is not installed"))
    func anExternalBrokerGetsTheTopicSetUnderThePrefixAndNoBrokerProcess() async throws {
        let executable = try #require(TansuBroker.locateExecutable(searching: [BuildProducts.directory]))
        let folder = try RunFolders.fresh("external-broker")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (tansu, servers) = try await TansuBroker.start(
            executable: executable, logURL: folder.appendingPathComponent("tansu.log"))
        defer { tansu.send(SIGKILL) }

        var configuration = StackConfiguration(
            executablesDirectory: BuildProducts.directory, runDirectory: folder.appendingPathComponent("run"),
            ports: try StackPorts.ephemeral())
        configuration.broker = .external(bootstrapServers: servers)
        configuration.topicPrefix = "acme."
        configuration.partitions = 3
        let stack = try HandoverStack(configuration: configuration)
        try await stack.startBroker()
        #expect(stack.endpoints.brokers == servers)
        #expect(stack.everStarted.isEmpty, "no broker process for an external broker")

        // Every topic exists with three partitions: thirty keys land on exactly partitions 0, 1, 2.
        let logger = KafkaTestBroker.makeLogger(label: "external-broker")
        let kafka = KafkaConfiguration(bootstrapServers: servers, properties: TansuBroker.clientProperties)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger)
        let topics = ["messages", "standby", "handovers", "app_role", "messages.dlq", "ingress.dlq"].map {
            configuration.topicPrefix + $0
        }
        for topic in topics {
            #expect(topic.hasPrefix("acme."))
            try await producer.send((0..<30).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: [1]) })
        }
        await producer.shutdown()
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                kafka: KafkaConfiguration(bootstrapServers: servers), groupID: KafkaTestBroker.uniqueName("ext"),
                topics: [configuration.topicPrefix + "messages"]),
            logger: logger)
        let read = await KafkaTestBroker.collect(from: consumer, count: 30)
        #expect(Set(read.map(\.partition)) == [0, 1, 2])
        await stack.stop()
    }
}
