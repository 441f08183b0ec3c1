import Kafka
import KafkaMockCluster
import TestSupport
import Testing

@Suite("KafkaAdmin")
struct KafkaAdminTests {
    @Test(
        "ensureTopics tolerates a broker that cannot complete CreateTopics, with a warning, and the topics still work",
        .timeLimit(.minutes(1)))
    func ensureTopicsToleratesTheMockCluster() async throws {
        let broker = try await KafkaTestBroker(choice: .mock)
        let capture = KafkaLogCapture()
        let topic = KafkaTestBroker.uniqueName("ensured")
        try await KafkaAdmin.ensureTopics(
            [topic], partitions: 3, configuration: broker.kafkaConfiguration(), timeout: .seconds(2),
            logger: capture.logger(label: "admin"))
        // librdkafka's mock cluster never answers CreateTopics: the call times out, warns and returns.
        #expect(capture.contains("Kafka topics not verified"))

        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: [1])])
        await producer.shutdown()
        #expect(try await broker.readAll(topic: topic, count: 1).count == 1)
    }

    @Test(
        "ensureTopics creates the topics with their partition count on a real broker, and again changes nothing",
        .enabled(if: TestBrokerChoice.selected != .mock, "the mock cluster does not implement CreateTopics"),
        .timeLimit(.minutes(1)))
    func ensureTopicsCreatesTopicsOnARealBroker() async throws {
        let broker = try await KafkaTestBroker()
        let topics = [KafkaTestBroker.uniqueName("created"), KafkaTestBroker.uniqueName("created")]
        let capture = KafkaLogCapture()
        for _ in 0..<2 {
            try await KafkaAdmin.ensureTopics(
                topics, partitions: 3, configuration: broker.kafkaConfiguration(), timeout: .seconds(10),
                logger: capture.logger(label: "admin"))
        }
        #expect(capture.contains("Kafka topics ensured"))
        #expect(!capture.contains("Kafka topics not verified"))
        // Three partitions: thirty keys spread over exactly partitions 0, 1 and 2 (murmur2 is fixed).
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await producer.send((0..<30).map { KafkaProducerRecord(topic: topics[0], key: "k\($0)", value: [1]) })
        await producer.shutdown()
        let read = try await broker.readAll(topic: topics[0], count: 30)
        #expect(read.count == 30)
        #expect(Set(read.map(\.partition)) == [0, 1, 2])
    }

    @Test("ensureTopics rejects an impossible partition count before asking the broker")
    func ensureTopicsRejectsInvalidPartitionCount() async throws {
        let error = await #expect(throws: KafkaError.self) {
            try await KafkaAdmin.ensureTopics(
                ["t"], partitions: 0, configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"),
                timeout: .seconds(1))
        }
        #expect(error?.isRetriable == false)
    }
}
