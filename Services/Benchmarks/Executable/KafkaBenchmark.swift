import Foundation
import Kafka
import KafkaBaseline
import Logging

/// Item 1: our Kafka layer against librdkafka called directly from C, same settings, same broker.
///
/// Besides the rates it records CPU per record (whole process, and the thread that produces or
/// polls), which is the evidence for where a gap comes from.
struct KafkaBenchmark {
    let records: Int
    let latencySamples: Int
    /// Consumer measurements per side, alternating C and Swift; the median is reported.
    let rounds: Int
    let report: BenchReport
    let logger: Logger

    /// The consumer rate of our layer (records/s), for item 3's comparison.
    private(set) var consumerRate: Double?

    init(records: Int, latencySamples: Int, rounds: Int, report: BenchReport, logger: Logger) {
        self.records = records
        self.latencySamples = latencySamples
        self.rounds = rounds
        self.report = report
        self.logger = logger
    }

    mutating func run() async throws {
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
        let swift = try await produceWithSwift(brokers: brokers, topic: "bench.swift", size: size)
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "producer records/s", measured: Double(records) / swift.seconds,
                baseline: Double(cResult.delivered) / cResult.seconds, unit: "rec/s", goal: "ratio ≥ 0.9"))
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "producer CPU per record (process)", measured: swift.cpu / Double(records) * 1e6,
                baseline: cResult.cpu_seconds / Double(records) * 1e6, unit: "µs", goal: "(evidence)", lowerIsBetter: true))

        print("kafka: consuming \(records) records, \(rounds) rounds alternating C and Swift")
        var cRates: [Double] = []
        var cCPU: [Double] = []
        var cCaller: [Double] = []
        var swiftRuns: [ConsumerRun.Result] = []
        var batchRuns: [ConsumerRun.Result] = []
        for _ in 0..<rounds {
            var cConsume = kb_result()
            guard kb_consume(brokers, "bench.c", "bench-c-\(UUID())", Int32(records), 10, &cConsume) == 0,
                cConsume.delivered >= records
            else { throw BenchError("C consumer failed") }
            cRates.append(Double(cConsume.delivered) / cConsume.seconds)
            cCPU.append(cConsume.cpu_seconds / Double(cConsume.delivered))
            cCaller.append(cConsume.caller_cpu_seconds / Double(cConsume.delivered))
            swiftRuns.append(
                try await ConsumerRun.consume(brokers: brokers, topics: ["bench.c"], count: records, logger: logger))
            // Each consumer group's first join costs the mock's 3 s initial rebalance delay; the
            // smoke run (one round) skips this variant.
            if rounds > 1 {
                batchRuns.append(
                    try await ConsumerRun.consume(
                        brokers: brokers, topics: ["bench.c"], count: records, store: .perBatch, logger: logger))
            }
        }
        let swiftRun = swiftRuns.sorted { $0.seconds < $1.seconds }[swiftRuns.count / 2]
        let batchRun = batchRuns.sorted { $0.seconds < $1.seconds }.dropFirst(batchRuns.count / 2).first
        let cRate = cRates.sorted()[cRates.count / 2]
        let swiftRate = Double(swiftRun.received) / swiftRun.seconds
        consumerRate = swiftRate
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "consumer records/s (storeOffset per record, as C)", measured: swiftRate,
                baseline: cRate, unit: "rec/s", goal: "ratio ≥ 0.9"))
        if let batchRun {
            report.add(
                BenchRow(
                    stage: "1 kafka", metric: "consumer records/s (storeOffsets per batch)",
                    measured: Double(batchRun.received) / batchRun.seconds, baseline: cRate, unit: "rec/s",
                    goal: "(evidence)"))
        }
        let swiftCPU = swiftRun.cpu.reduce(0) { $0 + $1.seconds } / Double(swiftRun.received)
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "consumer CPU per record (process)", measured: swiftCPU * 1e6,
                baseline: cCPU.sorted()[cCPU.count / 2] * 1e6, unit: "µs", goal: "(evidence)", lowerIsBetter: true))
        let pollThread = swiftRun.cpu.first { $0.group == "kafka.consumer.poll" }?.seconds ?? 0
        report.add(
            BenchRow(
                stage: "1 kafka", metric: "consumer CPU per record, polling thread",
                measured: pollThread / Double(swiftRun.received) * 1e6, baseline: cCaller.sorted()[cCaller.count / 2] * 1e6,
                unit: "µs", goal: "(evidence: kafka.consumer.poll vs C poll loop)", lowerIsBetter: true))
        report.note(
            "kafka consumer (Swift, per-record store) "
                + ThreadCPU.describe(swiftRun.cpu, wall: swiftRun.seconds, limit: 8)
                + String(format: " over %.2f s", swiftRun.seconds))
        if let batchRun {
            report.note(
                "kafka consumer (Swift, per-batch store) "
                    + ThreadCPU.describe(batchRun.cpu, wall: batchRun.seconds, limit: 8)
                    + String(format: " over %.2f s", batchRun.seconds))
        }

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

    private func produceWithSwift(brokers: String, topic: String, size: Int) async throws -> (seconds: Double, cpu: Double) {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers, messageTimeout: .seconds(30)),
            logger: logger)
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let batch = 256
        let window = 16
        let records = self.records
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
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
        let cpu = processCPUSeconds() - cpuStart
        await producer.shutdown(flushTimeout: .seconds(5))
        return (elapsed.seconds, cpu)
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
