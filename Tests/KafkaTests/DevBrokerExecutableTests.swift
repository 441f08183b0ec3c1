import Foundation
import Kafka
import Synchronization
import TestSupport
import Testing

/// The built `handover-devbroker` executable (`swift build --product handover-devbroker`), run as
/// a launcher or a person would run it.
@Suite("handover-devbroker executable")
struct DevBrokerExecutableTests {
    /// The executable next to the running test binary.
    static func executableURL() throws -> URL {
        // Linux: the test binary is `.build/<configuration>/<package>PackageTests.xctest`.
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let url = directory.appendingPathComponent("handover-devbroker")
        try #require(
            FileManager.default.isExecutableFile(atPath: url.path),
            "build it first: swift build --product handover-devbroker")
        return url
    }

    @Test(
        "it announces its address on stdout and in the bootstrap file, hosts the topic set with the configured partitions, and exits 0 on SIGTERM",
        .timeLimit(.minutes(1)))
    func hostsTheTopicSetAndExitsCleanly() async throws {
        let prefix = KafkaTestBroker.uniqueName("dev") + "."
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            KafkaTestBroker.uniqueName("bootstrap"))
        let process = Process()
        process.executableURL = try Self.executableURL()
        process.environment = [
            "KAFKA_TOPIC_PREFIX": prefix, "DEVBROKER_PARTITIONS": "3", "DEVBROKER_BOOTSTRAP_FILE": file.path,
            "LOG_LEVEL": "warning",
        ]
        let output = Pipe()
        process.standardOutput = output
        let exited = ProcessExit()
        process.terminationHandler = { exited.record($0.terminationStatus) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var address: String?
        try await kafkaWaitUntil("the bootstrap file") {
            address = (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            return address?.isEmpty == false
        }
        let brokers = try #require(address)
        #expect(brokers.hasPrefix("127.0.0.1:"))

        // A key whose Java partition differs between 3 partitions and the 4 an auto-created topic has.
        let key = try #require(
            (0..<100).map { "thread-\($0)" }.first {
                JavaPartitioner.partition(forKey: $0, partitions: 3)
                    != JavaPartitioner.partition(forKey: $0, partitions: 4)
            })
        let topics = ["\(prefix)messages", "\(prefix)handovers.dlq", "\(prefix)ingress.dlq"]
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers),
            logger: KafkaTestBroker.makeLogger(label: "dev"))
        try await producer.send(topics.map { KafkaProducerRecord(topic: $0, key: key, value: Array($0.utf8)) })
        await producer.shutdown()

        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: brokers, groupID: KafkaTestBroker.uniqueName("dev"), topics: topics)
        configuration.fetchWaitMax = .milliseconds(10)
        let consumer = try KafkaConsumer(configuration: configuration, logger: KafkaTestBroker.makeLogger(label: "dev"))
        let records = await KafkaTestBroker.collect(from: consumer, count: topics.count)
        #expect(Set(records.map(\.topic)) == Set(topics))
        #expect(records.allSatisfy { $0.partition == JavaPartitioner.partition(forKey: key, partitions: 3) })

        process.terminate()  // SIGTERM
        #expect(await exited.status() == 0)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.split(separator: "\n").contains { $0 == "KAFKA_BROKERS=\(brokers)" })
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}

/// The exit status of a child process, awaited.
private final class ProcessExit: Sendable {
    private let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    func record(_ status: Int32) {
        let waiters = state.withLock { state in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
