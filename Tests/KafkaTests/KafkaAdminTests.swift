import Kafka
import TestSupport
import Testing

@Suite("KafkaAdmin")
struct KafkaAdminTests {
    @Test(
        "ensureTopics tolerates a broker that cannot complete CreateTopics, with a warning, and the topics still work",
        .timeLimit(.minutes(1)))
    func ensureTopicsToleratesTheMockCluster() async throws {
        let broker = try KafkaTestBroker()
        let capture = KafkaLogCapture()
        let topic = KafkaTestBroker.uniqueName("ensured")
        try await KafkaAdmin.ensureTopics(
            [topic], partitions: 3, configuration: broker.kafkaConfiguration(), timeout: .seconds(2),
            logger: capture.logger(label: "admin"))
        // The librdkafka 2.0.2 mock cluster never answers CreateTopics: the call times out, warns and returns.
        #expect(capture.contains("Kafka topics not verified"))

        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: [1])])
        await producer.shutdown()
        #expect(try await broker.readAll(topic: topic, count: 1).count == 1)
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
