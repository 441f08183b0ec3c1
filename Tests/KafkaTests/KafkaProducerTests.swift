import Kafka
import KafkaMockCluster
import TestSupport
import Testing

@Suite("KafkaProducer against the mock cluster over TCP")
struct KafkaProducerTests {
    @Test("the Java murmur2 reference used below matches Kafka's published vectors")
    func javaMurmur2ReferenceMatchesKafkaVectors() {
        #expect(JavaPartitioner.murmur2(Array("21".utf8)) == -973_932_308)
        #expect(JavaPartitioner.murmur2(Array("foobar".utf8)) == -790_332_482)
        #expect(JavaPartitioner.murmur2(Array("a-little-bit-long-string".utf8)) == -985_981_536)
        #expect(JavaPartitioner.murmur2(Array("a-little-bit-longer-string".utf8)) == -1_486_304_829)
        #expect(JavaPartitioner.murmur2(Array("abc".utf8)) == 479_470_107)
    }

    @Test(
        "send returns after the broker acknowledged, and the records read back with their keys, values, headers and the Java client's partition",
        .timeLimit(.minutes(1)))
    func sendReturnsAfterAcknowledgementAndRecordsReadBackIntact() async throws {
        let topic = KafkaTestBroker.uniqueName("produce")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 6)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        let sent = (0..<12).map { index in
            KafkaProducerRecord(
                topic: topic, key: "page-1:user-\(index)", value: Array("{\"n\":\(index)}".utf8),
                headers: [
                    KafkaHeader(key: "event-id", value: "e\(index)"), KafkaHeader(key: "kind", value: "messages"),
                    KafkaHeader(key: "empty", value: [UInt8]()),
                ])
        }
        try await producer.send(sent)
        await producer.shutdown(flushTimeout: .seconds(5))

        let read = try await broker.readAll(topic: topic, count: sent.count)
        #expect(read.count == sent.count)
        let byKey = Dictionary(uniqueKeysWithValues: read.map { ($0.keyString ?? "", $0) })
        for record in sent {
            let key = String(decoding: record.key!, as: UTF8.self)
            let got = try #require(byKey[key])
            #expect(got.value == record.value)
            #expect(got.headers == record.headers)
            #expect(got.partition == JavaPartitioner.partition(forKey: key, partitions: 6))
            #expect(got.timestamp != nil)
        }
    }

    @Test("a batch of many records is delivered completely and in order per key", .timeLimit(.minutes(1)))
    func batchOfManyRecordsIsDeliveredCompletelyInOrderPerKey() async throws {
        let topic = KafkaTestBroker.uniqueName("batch")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 4)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        let keys = (0..<10).map { "thread-\($0)" }
        let sent = (0..<5_000).map { index in
            KafkaProducerRecord(topic: topic, key: keys[index % keys.count], value: Array("\(index)".utf8))
        }
        try await producer.send(sent)
        await producer.shutdown()

        let read = try await broker.readAll(topic: topic, count: sent.count)
        #expect(read.count == sent.count)
        for key in keys {
            let values = read.filter { $0.keyString == key }.map { Int(String(decoding: $0.value, as: UTF8.self))! }
            #expect(values == values.sorted())
            #expect(values.count == 500)
        }
    }

    @Test("concurrent sends from many tasks lose nothing", .timeLimit(.minutes(1)))
    func concurrentSendsLoseNothing() async throws {
        let topic = KafkaTestBroker.uniqueName("concurrent")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 4)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<20 {
                group.addTask {
                    for round in 0..<5 {
                        let records = (0..<10).map { index in
                            KafkaProducerRecord(
                                topic: topic, key: "t\(task)", value: Array("\(task)-\(round)-\(index)".utf8))
                        }
                        try await producer.send(records)
                    }
                }
            }
            try await group.waitForAll()
        }
        await producer.shutdown()
        let read = try await broker.readAll(topic: topic, count: 1_000)
        #expect(Set(read.map { String(decoding: $0.value, as: UTF8.self) }).count == 1_000)
    }

    @Test("sends that meet a full local queue wait for room instead of failing", .timeLimit(.minutes(1)))
    func sendsMeetingAFullQueueWaitForRoom() async throws {
        let topic = KafkaTestBroker.uniqueName("queue-full")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 2)
        let producer = try KafkaProducer(
            configuration: broker.producerConfiguration(properties: ["queue.buffering.max.messages": "20"]),
            logger: broker.logger)
        let sent = (0..<600).map { KafkaProducerRecord(topic: topic, key: "k\($0 % 7)", value: Array("\($0)".utf8)) }
        try await producer.send(sent)
        await producer.shutdown()
        let read = try await broker.readAll(topic: topic, count: sent.count)
        #expect(Set(read.map(\.value)) == Set(sent.map(\.value)))
    }

    @Test(
        "while the broker is down a send fails with a retriable error after message.timeout.ms, and succeeds once it is up again",
        .needsMockFaultInjection, .timeLimit(.minutes(1)))
    func sendFailsRetriablyWhileBrokerIsDownAndRecovers() async throws {
        let topic = KafkaTestBroker.uniqueName("down")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 2, choice: .mock)
        let cluster = try #require(broker.cluster)
        let producer = try KafkaProducer(
            configuration: broker.producerConfiguration(
                messageTimeout: .seconds(1), properties: ["reconnect.backoff.max.ms": "500"]),
            logger: broker.logger)
        // The first send also connects and obtains a producer id; on a busy machine that may take
        // longer than the short timeout, so it may be retried.
        #expect(
            await sendEventually(KafkaProducerRecord(topic: topic, key: "k", value: Array("before".utf8)), producer))

        cluster.setBrokerDown(1)
        let started = ContinuousClock.now
        let failure = await #expect(throws: KafkaError.self) {
            try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: Array("during".utf8))])
        }
        let elapsed = ContinuousClock.now - started
        #expect(failure?.isRetriable == true)
        #expect(failure?.isFatal == false)
        #expect(failure?.isTimeout == true)
        // Generous bound: the send is bounded by message.timeout.ms (1 s), not by a broker that never returns.
        #expect(elapsed < .seconds(15))

        cluster.setBrokerUp(1)
        // The client reconnects with backoff; a retriable failure right after is allowed, as a caller would retry.
        #expect(await sendEventually(KafkaProducerRecord(topic: topic, key: "k", value: Array("after".utf8)), producer))
        await producer.shutdown()
        let reader = KafkaConsumerRecorder(
            try KafkaConsumer(
                configuration: broker.consumerConfiguration(groupID: KafkaTestBroker.uniqueName("g"), topics: [topic]),
                logger: broker.logger))
        try await reader.waitUntil("the record sent after recovery") { snapshot in
            snapshot.records.contains { $0.value == Array("after".utf8) }
        }
        await reader.stop()
    }

    @Test(
        "a send with an answer deadline answers at the deadline while the broker is slow, and the record still lands",
        .needsMockFaultInjection, .timeLimit(.minutes(1)))
    func answerDeadlineAnswersOnTimeAndTheRecordStillLands() async throws {
        let topic = KafkaTestBroker.uniqueName("answer-deadline")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1, choice: .mock)
        let cluster = try #require(broker.cluster)
        defer { broker.close() }
        let producer = try KafkaProducer(
            configuration: broker.producerConfiguration(messageTimeout: .seconds(20)), logger: broker.logger)
        // Acknowledged in time: the deadline changes nothing.
        try await producer.send(
            [KafkaProducerRecord(topic: topic, key: "k", value: Array("before".utf8))], answerWithin: .seconds(10))

        // A slow broker (every answer 10 s late), not a stopped one: a stopped mock broker must bind
        // its port again to come back, and another socket may have taken it meanwhile.
        cluster.setRoundTripTime(.seconds(10))
        let started = ContinuousClock.now
        let failure = await #expect(throws: KafkaError.self) {
            try await producer.send(
                [KafkaProducerRecord(topic: topic, key: "k", value: Array("during".utf8))],
                answerWithin: .milliseconds(500))
        }
        let elapsed = ContinuousClock.now - started
        #expect(failure?.name == "_TIMED_OUT")
        #expect(failure?.isRetriable == true)
        // Answered at the deadline (checked at least every 100 ms), before the broker's answer.
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .seconds(8), "answered after \(elapsed), not at the deadline")

        // The record was not withdrawn: it is written once the broker answers.
        cluster.setRoundTripTime(.zero)
        await producer.shutdown(flushTimeout: .seconds(20))
        let read = try await broker.readAll(topic: topic, count: 2)
        #expect(read.map { String(decoding: $0.value, as: UTF8.self) } == ["before", "during"])
    }

    /// Sends until delivered, retrying retriable errors for up to 30 s; false on a non-retriable error.
    private func sendEventually(_ record: KafkaProducerRecord, _ producer: KafkaProducer) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            do {
                try await producer.send([record])
                return true
            } catch {
                guard error.isRetriable else { return false }
            }
        }
        return false
    }

    @Test(
        "a broker error on produce surfaces as a typed, non-retriable error with its code", .needsMockFaultInjection,
        .timeLimit(.minutes(1)))
    func brokerErrorSurfacesWithItsCode() async throws {
        let topic = KafkaTestBroker.uniqueName("broker-error")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1, choice: .mock)
        let cluster = try #require(broker.cluster)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: Array("warm".utf8))])
        // TOPIC_AUTHORIZATION_FAILED (29) is permanent: librdkafka must not retry it.
        cluster.pushRequestErrors(apiKey: MockCluster.APIKey.produce, errors: [29])
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: Array("denied".utf8))])
        }
        #expect(error?.code == 29)
        #expect(error?.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(error?.isRetriable == false)
        await producer.shutdown()
    }

    @Test(
        "retriable broker errors are retried inside the producer and the send succeeds", .needsMockFaultInjection,
        .timeLimit(.minutes(1)))
    func retriableBrokerErrorsAreRetriedTransparently() async throws {
        let topic = KafkaTestBroker.uniqueName("retried")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1, choice: .mock)
        let cluster = try #require(broker.cluster)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: Array("warm".utf8))])
        // NOT_ENOUGH_REPLICAS (19), twice.
        cluster.pushRequestErrors(apiKey: MockCluster.APIKey.produce, errors: [19, 19])
        try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: Array("retried".utf8))])
        await producer.shutdown()
        let read = try await broker.readAll(topic: topic, count: 2)
        // Idempotence: the retried record is written once.
        #expect(read.map { String(decoding: $0.value, as: UTF8.self) } == ["warm", "retried"])
    }

    @Test("isBrokerReachable follows the broker going slow and back", .needsMockFaultInjection, .timeLimit(.minutes(1)))
    func brokerReachabilityFollowsTheBroker() async throws {
        let broker = try await KafkaTestBroker(choice: .mock)
        let cluster = try #require(broker.cluster)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        #expect(await producer.isBrokerReachable(timeout: .seconds(10)))
        // A broker answering 3 s late counts as unreachable within 500 ms.
        cluster.setRoundTripTime(.seconds(3))
        #expect(await producer.isBrokerReachable(timeout: .milliseconds(500)) == false)
        cluster.setRoundTripTime(.zero)
        var reachable = false
        for _ in 0..<20 where !reachable { reachable = await producer.isBrokerReachable(timeout: .seconds(1)) }
        #expect(reachable)
        await producer.shutdown()
    }

    @Test("after shutdown, sends throw a shutdown error and the broker counts as unreachable", .timeLimit(.minutes(1)))
    func sendAfterShutdownThrows() async throws {
        let topic = KafkaTestBroker.uniqueName("closed")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1)
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        await producer.shutdown()
        await producer.shutdown()  // idempotent
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send([KafkaProducerRecord(topic: topic, key: "k", value: [1])])
        }
        #expect(error?.isShutdown == true)
        #expect(await producer.isBrokerReachable(timeout: .milliseconds(100)) == false)
    }
}
