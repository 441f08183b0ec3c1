import TestSupport
import Testing

@testable import Kafka

@Suite("KafkaConsumer against the mock cluster over TCP")
struct KafkaConsumerTests {
    private func produce(_ count: Int, to topic: String, on broker: KafkaTestBroker, tag: String = "") async throws
        -> [KafkaProducerRecord]
    {
        let producer = try KafkaProducer(configuration: broker.producerConfiguration(), logger: broker.logger)
        let records = (0..<count).map {
            KafkaProducerRecord(topic: topic, key: "key-\(tag)\($0)", value: Array("\(tag)\($0)".utf8))
        }
        try await producer.send(records)
        await producer.shutdown()
        return records
    }

    /// A new topic named after `name` with `partitions` partitions on the test broker, and a new
    /// group id to read it with.
    private func freshTopic(_ name: String, partitions: Int32) async throws
        -> (topic: String, group: String, broker: KafkaTestBroker)
    {
        let topic = KafkaTestBroker.uniqueName(name)
        let broker = try await KafkaTestBroker(topics: [topic], partitions: partitions)
        return (topic, KafkaTestBroker.uniqueName("group"), broker)
    }

    @Test(
        "two consumers in one group split the partitions, and a later member resumes from their committed offsets",
        .timeLimit(.minutes(1)))
    func twoConsumersSplitPartitionsAndALaterMemberResumesFromCommittedOffsets() async throws {
        let (topic, group, broker) = try await freshTopic("split", partitions: 4)
        let configuration = broker.consumerConfiguration(groupID: group, topics: [topic])
        let first = KafkaConsumerRecorder(try KafkaConsumer(configuration: configuration, logger: broker.logger))
        let second = KafkaConsumerRecorder(try KafkaConsumer(configuration: configuration, logger: broker.logger))
        try await kafkaWaitUntil("both members hold two partitions") {
            first.consumer.assignment().count == 2 && second.consumer.assignment().count == 2
        }
        let firstPartitions = Set(first.consumer.assignment())
        let secondPartitions = Set(second.consumer.assignment())
        #expect(firstPartitions.isDisjoint(with: secondPartitions))

        let sent = try await produce(40, to: topic, on: broker)
        try await kafkaWaitUntil("all 40 records consumed") {
            first.snapshot.records.count + second.snapshot.records.count >= 40
        }
        let firstRecords = first.snapshot.records
        let secondRecords = second.snapshot.records
        #expect(!firstRecords.isEmpty && !secondRecords.isEmpty)
        #expect(firstRecords.allSatisfy { firstPartitions.contains($0.topicPartition) })
        #expect(secondRecords.allSatisfy { secondPartitions.contains($0.topicPartition) })
        #expect(Set((firstRecords + secondRecords).map(\.value)) == Set(sent.map(\.value)))
        #expect(firstRecords.count + secondRecords.count == 40)
        // Commit while the group is stable: the leave of the first member starts a rebalance, and
        // the mock coordinator refuses commits until the group has re-formed (at-least-once).
        try await first.consumer.commit()
        try await second.consumer.commit()
        await first.stop()
        await second.stop()

        // The highest offset each partition had consumed and committed.
        var consumedUpTo: [KafkaTopicPartition: Int64] = [:]
        for record in firstRecords + secondRecords {
            consumedUpTo[record.topicPartition] = max(consumedUpTo[record.topicPartition] ?? -1, record.offset)
        }
        let later = try await produce(20, to: topic, on: broker, tag: "later-")
        let third = try KafkaConsumer(configuration: configuration, logger: broker.logger)
        let resumed = await KafkaTestBroker.collect(from: third, count: 20)
        // README, "Brokers": on tansu 0.6 a member joining right after every member left is
        // sometimes not assigned anything for over 30 s.
        try withKnownIssue("tansu 0.6: a late join can wait past the test's bound", isIntermittent: true) {
            #expect(Set(resumed.map(\.value)) == Set(later.map(\.value)))
            #expect(resumed.allSatisfy { $0.offset > (consumedUpTo[$0.topicPartition] ?? -1) })
        } when: {
            broker.choice == .tansu
        }
    }

    @Test(
        "nothing is lost across a consumer restart: the new consumer continues where stored offsets end",
        .timeLimit(.minutes(1)))
    func nothingIsLostAcrossAConsumerRestart() async throws {
        let (topic, group, broker) = try await freshTopic("restart", partitions: 3)
        let sent = try await produce(90, to: topic, on: broker)
        let configuration = broker.consumerConfiguration(groupID: group, topics: [topic], maxBatchSize: 7)

        let before = await KafkaTestBroker.collect(
            from: try KafkaConsumer(configuration: configuration, logger: broker.logger), count: 45, storeOffsets: true)
        #expect(before.count == 45)
        let after = await KafkaTestBroker.collect(
            from: try KafkaConsumer(configuration: configuration, logger: broker.logger), count: 45, storeOffsets: true)
        #expect(after.count == 45)

        let union = Set((before + after).map(\.value))
        #expect(union == Set(sent.map(\.value)))
        // Offsets were committed at shutdown, so nothing handled before is delivered again.
        #expect(Set(before.map(\.value)).isDisjoint(with: Set(after.map(\.value))))
    }

    @Test("lag equals produced minus committed records, per assigned partition", .timeLimit(.minutes(1)))
    func lagEqualsProducedMinusCommitted() async throws {
        let (topic, group, broker) = try await freshTopic("lag", partitions: 1)
        _ = try await produce(50, to: topic, on: broker)
        let consumer = try KafkaConsumer(
            configuration: broker.consumerConfiguration(groupID: group, topics: [topic]), logger: broker.logger)
        // Handle (store) only the first 20 records.
        let recorder = KafkaConsumerRecorder(consumer) { $0.offset < 20 }
        try await recorder.waitUntil("all records fetched") { $0.records.count == 50 }
        let expected = [KafkaPartitionLag(topic: topic, partition: 0, consumerLag: 30)]
        try await kafkaWaitUntil("lag 30") { consumer.lag() == expected }

        consumer.storeOffsets([KafkaTopicPartition(topic: topic, partition: 0): 50])
        try await consumer.commit()
        let caughtUp = [KafkaPartitionLag(topic: topic, partition: 0, consumerLag: 0)]
        try await kafkaWaitUntil("lag 0") { consumer.lag() == caughtUp }
        await recorder.stop()
        #expect(consumer.lag().isEmpty)
    }

    @Test(
        "shutdown leaves the group: the coordinator sees the leave and the other member takes every partition",
        .timeLimit(.minutes(1)))
    func shutdownLeavesTheGroup() async throws {
        let topic = KafkaTestBroker.uniqueName("leave")
        let group = KafkaTestBroker.uniqueName("group")
        let capture = KafkaLogCapture()
        let broker = try await KafkaTestBroker(
            topics: [topic], partitions: 4, clusterProperties: ["debug": "mock"],
            clusterLogger: capture.logger(label: "mock"))
        let configuration = broker.consumerConfiguration(groupID: group, topics: [topic])
        let leaving = KafkaConsumerRecorder(try KafkaConsumer(configuration: configuration, logger: broker.logger))
        let staying = KafkaConsumerRecorder(try KafkaConsumer(configuration: configuration, logger: broker.logger))
        try await kafkaWaitUntil("both members hold two partitions") {
            leaving.consumer.assignment().count == 2 && staying.consumer.assignment().count == 2
        }

        await leaving.stop()
        // The mock coordinator logs each LeaveGroup it receives; a member that merely vanished
        // would be evicted by session timeout instead, without this line. Other brokers' logs are
        // not ours to read: there the quick takeover below (well inside the session) shows it.
        if broker.cluster != nil { #expect(await capture.waitFor("is leaving group \(group)")) }
        let all = Set((0..<4).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) })
        try await staying.waitUntil("the staying member is assigned every partition") { snapshot in
            let assignments = snapshot.events.compactMap { event -> [KafkaTopicPartition]? in
                if case .assigned(let partitions) = event { partitions } else { nil }
            }
            return assignments.last.map(Set.init) == all
        }
        #expect(Set(staying.consumer.assignment()) == all)
        await staying.stop()
    }

    @Test("cooperative-sticky members split partitions and keep consuming", .timeLimit(.minutes(1)))
    func cooperativeStickyMembersSplitPartitions() async throws {
        let (topic, group, broker) = try await freshTopic("coop", partitions: 4)
        let configuration = broker.consumerConfiguration(
            groupID: group, topics: [topic], assignmentStrategy: .cooperativeSticky)
        let first = KafkaConsumerRecorder(try KafkaConsumer(configuration: configuration, logger: broker.logger))
        try await kafkaWaitUntil("the first member holds all partitions") { first.consumer.assignment().count == 4 }
        let second = KafkaConsumerRecorder(try KafkaConsumer(configuration: configuration, logger: broker.logger))
        try await kafkaWaitUntil("both members hold two partitions") {
            first.consumer.assignment().count == 2 && second.consumer.assignment().count == 2
        }
        // Incremental: the first member only ever gave partitions up, it never had all revoked at once.
        let firstRevocations = first.snapshot.events.compactMap { event -> [KafkaTopicPartition]? in
            if case .revoked(let partitions) = event { return partitions } else { return nil }
        }
        #expect(firstRevocations.allSatisfy { $0.count < 4 })

        let sent = try await produce(40, to: topic, on: broker)
        try await kafkaWaitUntil("all records consumed") {
            first.snapshot.records.count + second.snapshot.records.count >= 40
        }
        #expect(Set((first.snapshot.records + second.snapshot.records).map(\.value)) == Set(sent.map(\.value)))
        await first.stop()
        await second.stop()
    }

    @Test("records come in batches no larger than maxBatchSize, in offset order per partition", .timeLimit(.minutes(1)))
    func batchesRespectMaxBatchSizeAndOrder() async throws {
        let (topic, group, broker) = try await freshTopic("batches", partitions: 2)
        _ = try await produce(300, to: topic, on: broker)
        let consumer = try KafkaConsumer(
            configuration: broker.consumerConfiguration(groupID: group, topics: [topic], maxBatchSize: 16),
            logger: broker.logger)
        let recorder = KafkaConsumerRecorder(consumer)
        let snapshot = try await recorder.waitUntil("all records") { $0.records.count >= 300 }
        #expect(snapshot.batchSizes.allSatisfy { $0 <= 16 })
        #expect(snapshot.batchSizes.contains(16))
        for partition in Int32(0)..<2 {
            let offsets = snapshot.records.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == offsets.sorted())
            #expect(Set(offsets).count == offsets.count)
        }
        await recorder.stop()
    }

    @Test(
        "a reader that falls behind holds fetching back, and everything arrives once it reads again",
        .timeLimit(.minutes(1)))
    func slowReaderGetsEverythingWithBackPressure() async throws {
        let (topic, group, broker) = try await freshTopic("slow", partitions: 1)
        let sent = try await produce(400, to: topic, on: broker)
        var configuration = broker.consumerConfiguration(groupID: group, topics: [topic], maxBatchSize: 10)
        configuration.bufferedBatches = 2
        let consumer = try KafkaConsumer(configuration: configuration, logger: broker.logger)
        // Nobody reads yet: the poll thread fills the buffer and then blocks instead of fetching on.
        try await kafkaWaitUntil("the poll thread blocked on a full buffer") {
            consumer.events.buffer.occupancy.writerIsWaiting
        }
        #expect(consumer.events.buffer.occupancy.events <= 2 + 1)  // batches, plus the assignment event
        var received: [KafkaConsumerRecord] = []
        for await event in consumer.events {
            guard case .records(let batch) = event else { continue }
            received += batch
            // A slow handler: the poll thread must wait, not drop or reorder.
            try await Task.sleep(for: .milliseconds(5))
            if received.count >= sent.count { break }
        }
        #expect(received.map(\.offset) == Array(0..<400))
        await consumer.shutdown()
    }

    @Test("the event sequence ends after shutdown", .timeLimit(.minutes(1)))
    func eventsEndAfterShutdown() async throws {
        let topic = KafkaTestBroker.uniqueName("end")
        let broker = try await KafkaTestBroker(topics: [topic], partitions: 1)
        let consumer = try KafkaConsumer(
            configuration: broker.consumerConfiguration(groupID: KafkaTestBroker.uniqueName("group"), topics: [topic]),
            logger: broker.logger)
        let iteration = Task {
            var count = 0
            for await _ in consumer.events { count += 1 }
            return count
        }
        try await kafkaWaitUntil("assigned") { consumer.assignment().count == 1 }
        await consumer.shutdown()
        _ = await iteration.value
        #expect(consumer.assignment().isEmpty)
        await #expect(throws: KafkaError.self) { try await consumer.commit() }
    }
}
