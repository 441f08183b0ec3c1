import Synchronization
import TestSupport
import Testing

@testable import Kafka

@Suite("Committed offsets, watermarks and the range reader against the mock cluster over TCP")
struct KafkaRangeReaderTests {
    /// Produces `count` records to `topic`, of one partition (values "0", "1", …).
    private func produce(_ count: Int, to topic: String, on broker: KafkaTestBroker) async throws {
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await producer.send(
            (0..<count).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: Array("\($0)".utf8)) })
        await producer.shutdown()
    }

    private func read(
        _ ranges: [KafkaTopicPartition: Range<Int64>], on broker: KafkaTestBroker, timeout: Duration = .seconds(10)
    ) async throws -> (values: [String], summary: KafkaRangeReader.Summary) {
        let seen = Mutex<[String]>([])
        let summary = try await KafkaRangeReader.read(
            ranges, configuration: broker.kafkaConfiguration(), clientID: "range-test", timeout: timeout,
            logger: broker.logger
        ) { record in
            seen.withLock { $0.append(String(decoding: record.value, as: UTF8.self)) }
        }
        return (seen.withLock { $0 }, summary)
    }

    @Test("reads exactly the asked range, in order", .timeLimit(.minutes(1)))
    func readsExactlyTheAskedRange() async throws {
        let topic = KafkaTestBroker.uniqueName("range")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1)
        defer { broker.close() }
        try await produce(20, to: topic, on: broker)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)

        let middle = try await read([partition: 5..<12], on: broker)
        #expect(middle.values == (5..<12).map(String.init))
        #expect(middle.summary == KafkaRangeReader.Summary(records: 7, complete: true))

        // A range past the end stops at the end of the partition, complete.
        let tail = try await read([partition: 15..<1_000], on: broker)
        #expect(tail.values == (15..<20).map(String.init))
        #expect(tail.summary.complete)

        let nothing = try await read([partition: 3..<3], on: broker)
        #expect(nothing.values.isEmpty && nothing.summary.complete)
    }

    @Test("stops at its time limit and says the read is incomplete", .timeLimit(.minutes(1)))
    func stopsAtItsTimeLimit() async throws {
        let topic = KafkaTestBroker.uniqueName("range-timeout")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1)
        defer { broker.close() }
        try await produce(5, to: topic, on: broker)
        // A partition that does not exist never answers: the read gives up at its deadline.
        let missing = KafkaTopicPartition(topic: topic, partition: 7)
        let started = ContinuousClock.now
        let result = try await read([missing: 0..<10], on: broker, timeout: .milliseconds(500))
        #expect(result.values.isEmpty)
        #expect(!result.summary.complete)
        #expect(ContinuousClock.now - started < .seconds(8), "the read outlived its time limit by far")
    }

    @Test("a group member sees its committed offsets and the partitions' watermarks", .timeLimit(.minutes(1)))
    func committedOffsetsAndWatermarks() async throws {
        let topic = KafkaTestBroker.uniqueName("offsets")
        let empty = KafkaTestBroker.uniqueName("offsets-empty")
        let broker = try await KafkaTestBroker(topics: [topic, empty], partitions: 1)
        defer { broker.close() }
        try await produce(10, to: topic, on: broker)
        // Stores no offset by itself: the test stores and commits one.
        let consumer = KafkaConsumerRecorder(
            try KafkaConsumer(
                configuration: broker.consumerConfiguration(
                    groupID: KafkaTestBroker.uniqueName("group"), topics: [topic, empty]),
                logger: broker.logger),
            store: { _ in false })
        try await consumer.waitUntil(_: "ten records") { $0.records.count >= 10 }
        let first = KafkaTopicPartition(topic: topic, partition: 0)
        let second = KafkaTopicPartition(topic: empty, partition: 0)

        #expect(try await consumer.consumer.committedOffsets([first, second]).isEmpty, "nothing committed yet")
        consumer.consumer.storeOffsets([first: 4])
        try await consumer.consumer.commit()
        #expect(try await consumer.consumer.committedOffsets([first, second]) == [first: 4])

        let marks = try await consumer.consumer.watermarks([first, second])
        let expected = [first: KafkaWatermarks(low: 0, high: 10), second: KafkaWatermarks(low: 0, high: 0)]
        #expect(marks == expected)
        await consumer.stop()
        await #expect(throws: KafkaError.self) { try await consumer.consumer.committedOffsets([first]) }
    }
}
