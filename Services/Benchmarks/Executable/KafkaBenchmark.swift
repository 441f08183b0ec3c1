import Foundation
import Kafka
import KafkaBaseline
import Logging

/// Item 1: our Kafka layer against librdkafka called directly from C, same settings, same broker.
struct KafkaBenchmark {
    let records: Int
    let latencySamples: Int
    let report: BenchReport
    let logger: Logger

    func run() async throws {
        let cluster = try MockCluster(brokers: 1, logger: logger)
        defer { cluster.close() }
        // Enough partitions that the mock's ~5 MB per partition holds every record of a run.
        let partitions = Int32(max(4, records / 2_000))
        for topic in ["bench.c", "bench.swift", "bench.latency.c", "bench.latency.swift"] {
            try cluster.createTopic(topic, partitions: topic.contains("latency") ? 1 : partitions)
        }
        let brokers = cluster.bootstrapServers
        let size = 1024

        print("kafka: producing \(records) records of 1 KiB (C baseline, then Swift)")
        var cResult = kb_result()
        guard kb_produce(brokers, "bench.c", Int32(records), Int32(size), 2, &cResult) == 0, cResult.failed == 0 else {
            throw BenchError("C producer failed")
        }
        let swiftSeconds = try await produceWithSwift(brokers: brokers, topic: "bench.swift", size: size)
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "producer records/s", measured: Double(records) / swiftSeconds,
                baseline: Double(cResult.delivered) / cResult.seconds, unit: "rec/s", goal: "ratio ≥ 0.9"))

        print("kafka: consuming \(records) records (C baseline, then Swift)")
        var cConsume = kb_result()
        guard kb_consume(brokers, "bench.c", "bench-c-\(UUID())", Int32(records), 10, &cConsume) == 0 else {
            throw BenchError("C consumer failed")
        }
        let swiftConsume = try await consumeWithSwift(brokers: brokers, topic: "bench.c")
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "consumer records/s", measured: Double(records) / swiftConsume,
                baseline: Double(cConsume.delivered) / cConsume.seconds, unit: "rec/s", goal: "ratio ≥ 0.9"))

        print("kafka: delivery-report latency, \(latencySamples) sequential sends")
        var cLatencies = [Double](repeating: 0, count: latencySamples)
        guard kb_delivery_latency(brokers, "bench.latency.c", Int32(latencySamples), Int32(size), &cLatencies) == 0
        else { throw BenchError("C latency run failed") }
        let swiftLatencies = try await deliveryLatencyWithSwift(brokers: brokers, topic: "bench.latency.swift", size: size)
        for p in [50.0, 99.0] {
            let swift = percentile(swiftLatencies, p) / 1000
            let c = percentile(cLatencies, p) / 1000
            report.add(
                BenchRow(
                    stage: "1 kafka", metric: "delivery report p\(Int(p))", measured: swift, baseline: c, unit: "ms",
                    goal: "added < 1 ms (added \(String(format: "%.3f", swift - c)) ms)", lowerIsBetter: true))
        }
    }

    private func produceWithSwift(brokers: String, topic: String, size: Int) async throws -> Double {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers, messageTimeout: .seconds(30)),
            logger: logger)
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let batch = 256
        let window = 16
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            var inFlight = 0
            while next < records || inFlight > 0 {
                while inFlight < window && next < records {
                    let range = next..<min(records, next + batch)
                    next = range.upperBound
                    inFlight += 1
                    group.addTask {
                        try await producer.send(
                            range.map {
                                KafkaProducerRecord(topic: topic, key: Array("page:\($0 % 1000)".utf8), value: payload)
                            })
                    }
                }
                try await group.next()
                inFlight -= 1
            }
        }
        let elapsed = ContinuousClock.now - start
        await producer.shutdown(flushTimeout: .seconds(5))
        return elapsed.seconds
    }

    private func consumeWithSwift(brokers: String, topic: String) async throws -> Double {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: brokers, groupID: "bench-swift-\(UUID())", topics: [topic])
        configuration.fetchWaitMax = .milliseconds(10)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        var received = 0
        var start: ContinuousClock.Instant?
        for await event in consumer.events {
            guard case .records(let batch) = event else { continue }
            if start == nil { start = .now }
            for record in batch { consumer.storeOffset(record) }
            received += batch.count
            if received >= records { break }
        }
        let elapsed = ContinuousClock.now - (start ?? .now)
        await consumer.shutdown()
        return elapsed.seconds
    }

    private func deliveryLatencyWithSwift(brokers: String, topic: String, size: Int) async throws -> [Double] {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers, linger: .zero), logger: logger)
        let record = KafkaProducerRecord(topic: topic, key: Array("k".utf8), value: [UInt8](repeating: 120, count: size))
        var latencies: [Double] = []
        for _ in 0..<latencySamples {
            let start = ContinuousClock.now
            try await producer.send(record)
            latencies.append((ContinuousClock.now - start).seconds * 1e6)
        }
        await producer.shutdown()
        return latencies
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
