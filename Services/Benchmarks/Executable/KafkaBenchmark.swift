import Foundation
import Kafka
import KafkaBaseline
import KafkaMockCluster
import Logging

/// Item 1: our Kafka layer against librdkafka called directly from C, same settings, same broker.
///
/// Besides the rates it records CPU per record (whole process, and the thread that produces or
/// polls), which is the evidence for where a gap comes from.
struct KafkaBenchmark {
    /// Which broker both sides talk to.
    enum Broker: String {
        /// librdkafka's mock cluster, in this process.
        case mock
        /// tansu, an independent Kafka-compatible broker, as a process of its own.
        case tansu
    }

    let broker: Broker
    let records: Int
    let latencySamples: Int
    /// Consumer measurements per side, alternating C and Swift; the median is reported.
    let rounds: Int
    let report: BenchReport
    let logger: Logger

    /// The consumer rate of our layer (records/s), for item 3's comparison.
    private(set) var consumerRate: Double?

    init(broker: Broker = .mock, records: Int, latencySamples: Int, rounds: Int, report: BenchReport, logger: Logger) {
        self.broker = broker
        self.records = records
        self.latencySamples = latencySamples
        self.rounds = rounds
        self.report = report
        self.logger = logger
    }

    /// The table's stage name: rows of each broker side by side.
    private var stage: String { broker == .mock ? "1 kafka" : "1 kafka (tansu)" }

    mutating func run() async throws {
        // Enough partitions that the mock's ~5 MB per partition holds every record of a run.
        let partitions = Int32(max(4, records / 2_000))
        let producerTopics = (0..<rounds).flatMap { ["bench.c\($0 == 0 ? "" : "\($0)")", "bench.swift\($0)"] }
        let topics = (producerTopics + ["bench.latency.c", "bench.latency.swift"]).map {
            (name: $0, partitions: $0.contains("latency") ? Int32(1) : partitions)
        }
        let host = try await BenchBroker.start(broker, topics: topics, logger: logger)
        defer { host.close() }
        let brokers = host.bootstrapServers
        let size = 1024

        print(
            "kafka (\(broker.rawValue)): producing \(records) records of 1 KiB, \(rounds) round(s) alternating C and Swift"
        )
        var cProduced: [kb_result] = []
        var swiftProduced: [(seconds: Double, cpu: Double, threads: [(group: String, seconds: Double)])] = []
        for round in 0..<rounds {
            // The first C round fills `bench.c`, which the consumers read.
            var result = kb_result()
            guard
                kb_produce(brokers, round == 0 ? "bench.c" : "bench.c\(round)", Int32(records), Int32(size), 2, &result)
                    == 0,
                result.failed == 0
            else { throw BenchError("C producer failed") }
            cProduced.append(result)
            swiftProduced.append(try await produceWithSwift(brokers: brokers, topic: "bench.swift\(round)", size: size))
        }
        let cResult = cProduced.sorted { $0.seconds < $1.seconds }[cProduced.count / 2]
        let swift = swiftProduced.sorted { $0.seconds < $1.seconds }[swiftProduced.count / 2]
        report.add(
            BenchRow(
                stage: stage, metric: "producer records/s", measured: Double(records) / swift.seconds,
                baseline: Double(cResult.delivered) / cResult.seconds, unit: "rec/s", goal: "ratio ≥ 0.9"))
        report.add(
            BenchRow(
                stage: stage, metric: "producer CPU per record (process)",
                measured: swift.cpu / Double(records) * 1e6,
                baseline: cResult.cpu_seconds / Double(records) * 1e6, unit: "µs", goal: "(evidence)",
                lowerIsBetter: true))
        report.note(
            "kafka producer (Swift): " + ThreadCPU.describe(swift.threads, wall: swift.seconds, limit: 8)
                + String(
                    format: " over %.2f s; C: %.2f s, process CPU %.2f s, producing thread %.2f s", swift.seconds,
                    cResult.seconds, cResult.cpu_seconds, cResult.caller_cpu_seconds))

        // librdkafka 2.0.2 pauses a partition's fetching for 1 s once its prefetch queue passes
        // queued.max.messages.kbytes (64 MB by default; librdkafka#2879, made configurable as
        // fetch.queue.backoff.ms in 2.2/2.3), whichever client is reading. Both sides get a queue
        // that holds the whole run, so the rates compare the clients, not that pause; one round
        // with the default queue shows the pause itself.
        let isolated = ["queued.max.messages.kbytes": "2097151", "queued.min.messages": "10000000"]
        func cProperties(_ properties: [String: String]) -> String {
            (properties.merging(["auto.commit.interval.ms": "1000"]) { $1 }).map { "\($0.key)=\($0.value)" }
                .sorted().joined(separator: ",")
        }
        print("kafka: consuming \(records) records, \(rounds) round(s) alternating C and Swift")
        var cRuns: [kb_result] = []
        var swiftRuns: [ConsumerRun.Result] = []
        var batchRuns: [ConsumerRun.Result] = []
        for _ in 0..<rounds {
            cRuns.append(try consumeWithC(brokers: brokers, properties: cProperties(isolated)))
            swiftRuns.append(
                try await ConsumerRun.consume(
                    brokers: brokers, topics: ["bench.c"], count: records, properties: isolated, logger: logger))
            // Each consumer group's first join costs the mock's 3 s initial rebalance delay; the
            // smoke run (one round) skips the variants.
            if rounds > 1 {
                batchRuns.append(
                    try await ConsumerRun.consume(
                        brokers: brokers, topics: ["bench.c"], count: records, store: .perBatch, properties: isolated,
                        logger: logger))
            }
        }
        let cRun = cRuns.sorted { $0.seconds < $1.seconds }[cRuns.count / 2]
        let swiftRun = swiftRuns.sorted { $0.seconds < $1.seconds }[swiftRuns.count / 2]
        let batchRun = batchRuns.sorted { $0.seconds < $1.seconds }.dropFirst(batchRuns.count / 2).first
        let cRate = Double(cRun.delivered) / cRun.seconds
        let swiftRate = Double(swiftRun.received) / swiftRun.seconds
        consumerRate = swiftRate
        report.add(
            BenchRow(
                stage: stage, metric: "consumer records/s (storeOffset per record, as C)", measured: swiftRate,
                baseline: cRate, unit: "rec/s", goal: "ratio ≥ 0.9"))
        if let batchRun {
            report.add(
                BenchRow(
                    stage: stage, metric: "consumer records/s (storeOffsets once per batch)",
                    measured: Double(batchRun.received) / batchRun.seconds, baseline: cRate, unit: "rec/s",
                    goal: "(evidence)"))
        }
        let swiftCPU = swiftRun.cpu.reduce(0) { $0 + $1.seconds } / Double(swiftRun.received)
        report.add(
            BenchRow(
                stage: stage, metric: "consumer CPU per record (process, broker included)",
                measured: swiftCPU * 1e6,
                baseline: cRun.cpu_seconds / Double(cRun.delivered) * 1e6, unit: "µs", goal: "(evidence)",
                lowerIsBetter: true))
        let appThreads = swiftRun.cpu.filter { $0.group == "kafka-consumer" || $0.group.hasPrefix("Swift tasks") }
            .reduce(0) { $0 + $1.seconds }
        report.add(
            BenchRow(
                stage: stage, metric: "consumer CPU per record outside librdkafka",
                measured: appThreads / Double(swiftRun.received) * 1e6,
                baseline: cRun.caller_cpu_seconds / Double(cRun.delivered) * 1e6, unit: "µs",
                goal: "(evidence: poll thread + reading task vs C poll loop)", lowerIsBetter: true))
        report.note(
            "kafka consumer (Swift, per-record store): "
                + ThreadCPU.describe(swiftRun.cpu, wall: swiftRun.seconds, limit: 8)
                + String(format: " over %.2f s; longest pause %.1f ms", swiftRun.seconds, swiftRun.longestGap * 1000))
        if let batchRun {
            report.note(
                "kafka consumer (Swift, per-batch store): "
                    + ThreadCPU.describe(batchRun.cpu, wall: batchRun.seconds, limit: 8)
                    + String(format: " over %.2f s", batchRun.seconds))
        }
        report.note(
            String(
                format: "kafka consumer (C): %.2f s, process CPU %.2f s, poll loop %.2f s, longest pause %.1f ms",
                cRun.seconds, cRun.cpu_seconds, cRun.caller_cpu_seconds, cRun.longest_gap_seconds * 1000))

        if rounds > 1 {
            // librdkafka's defaults: the prefetch queue fills and the 1 s pause shows.
            let cDefault = try consumeWithC(brokers: brokers, properties: cProperties([:]))
            let swiftDefault = try await ConsumerRun.consume(
                brokers: brokers, topics: ["bench.c"], count: records, logger: logger)
            report.add(
                BenchRow(
                    stage: stage, metric: "consumer records/s, librdkafka's default 64 MB prefetch queue",
                    measured: Double(swiftDefault.received) / swiftDefault.seconds,
                    baseline: Double(cDefault.delivered) / cDefault.seconds, unit: "rec/s",
                    goal: String(
                        format: "(evidence: longest pause Swift %.0f ms, C %.0f ms)", swiftDefault.longestGap * 1000,
                        cDefault.longest_gap_seconds * 1000)))
        }

        print("kafka: delivery-report latency, \(latencySamples) sequential sends")
        // Both sides send one more and drop the first, which waits for the topic's metadata.
        var cLatencies = [Double](repeating: 0, count: latencySamples + 1)
        guard kb_delivery_latency(brokers, "bench.latency.c", Int32(latencySamples + 1), Int32(size), &cLatencies) == 0
        else { throw BenchError("C latency run failed") }
        cLatencies.removeFirst()
        let swiftLatencies = Array(
            try await deliveryLatencyWithSwift(brokers: brokers, topic: "bench.latency.swift", size: size).dropFirst())
        for p in [50.0, 99.0] {
            let swift = percentile(swiftLatencies, p) / 1000
            let c = percentile(cLatencies, p) / 1000
            report.add(
                BenchRow(
                    stage: stage, metric: "delivery report p\(Int(p))", measured: swift, baseline: c, unit: "ms",
                    goal: "added < 1 ms (added \(String(format: "%.3f", swift - c)) ms)", lowerIsBetter: true))
        }

        // A send spread over partitions, with Nagle's algorithm on (librdkafka's mock default) and
        // off (MockCluster's default, as the other benchmarks and the development broker run it).
        guard broker == .mock else { return }
        let nagle = try await spreadSendLatency(hostProperties: ["socket.nagle.disable": "false"])
        let noDelay = try await spreadSendLatency(hostProperties: [:])
        report.add(
            BenchRow(
                stage: stage, metric: "send of 10 records over 10 partitions, p50: mock with Nagle on",
                measured: nagle, baseline: noDelay, unit: "ms",
                goal: "(evidence; baseline: socket.nagle.disable=true on the mock)", lowerIsBetter: true))
    }

    /// Sequential sends of 10 records whose keys land on different partitions, each awaited: p50 in
    /// ms against a mock cluster with `hostProperties`.
    private func spreadSendLatency(hostProperties: [String: String]) async throws -> Double {
        let cluster = try MockCluster(brokers: 1, logger: logger, properties: hostProperties)
        defer { cluster.close() }
        try cluster.createTopic("bench.spread", partitions: 16)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers), logger: logger)
        let payload = [UInt8](repeating: 120, count: 1024)
        try await producer.send(KafkaProducerRecord(topic: "bench.spread", key: Array("warm-up".utf8), value: payload))
        var samples: [Double] = []
        for round in 0..<30 {
            let batch = (0..<10).map {
                KafkaProducerRecord(topic: "bench.spread", key: Array("page:\($0 + 10 * round)".utf8), value: payload)
            }
            let start = ContinuousClock.now
            try await producer.send(batch)
            samples.append((ContinuousClock.now - start).seconds * 1000)
        }
        await producer.shutdown()
        return percentile(samples, 50)
    }

    /// One C consumer run over `bench.c` in a new group.
    private func consumeWithC(brokers: String, properties: String) throws -> kb_result {
        var result = kb_result()
        guard kb_consume(brokers, "bench.c", "bench-c-\(UUID())", Int32(records), 10, properties, &result) == 0,
            result.delivered >= records
        else { throw BenchError("C consumer failed") }
        return result
    }

    private func produceWithSwift(
        brokers: String, topic: String, size: Int
    ) async throws -> (seconds: Double, cpu: Double, threads: [(group: String, seconds: Double)]) {
        let producer = try ThreadName.creating("kafka-producer") {
            try KafkaProducer(
                // The C baseline's linger (kb_produce's 2 ms), not the product's default.
                configuration: KafkaProducerConfiguration(
                    bootstrapServers: brokers, messageTimeout: .seconds(30), linger: .milliseconds(2)),
                logger: logger)
        }
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let records = self.records
        // The first record to a topic the producer has not seen waits for librdkafka's next topic
        // scan (up to 1 s) for its metadata; the C baseline names its topic before its first
        // produce. One record first, so both measure the steady state.
        try await producer.send(KafkaProducerRecord(topic: topic, key: Array("warm-up".utf8), value: payload))
        // As the C baseline does, everything is handed over at once and then awaited: sends of
        // 1,000 records each, all in flight together (the producer queues what does not fit).
        let batch = 1_000
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
        let threadsStart = ThreadCPU.snapshot()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for first in stride(from: 0, to: records, by: batch) {
                let range = first..<min(records, first + batch)
                group.addTask {
                    try await producer.send(
                        range.map {
                            KafkaProducerRecord(topic: topic, key: Array("page:\($0 % 1000)".utf8), value: payload)
                        })
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let cpu = processCPUSeconds() - cpuStart
        let threads = ThreadCPU.snapshot().since(threadsStart)
        await producer.shutdown(flushTimeout: .seconds(5))
        return (elapsed.seconds, cpu, threads)
    }

    private func deliveryLatencyWithSwift(brokers: String, topic: String, size: Int) async throws -> [Double] {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: brokers, linger: .zero), logger: logger)
        let record = KafkaProducerRecord(
            topic: topic, key: Array("k".utf8), value: [UInt8](repeating: 120, count: size))
        var latencies: [Double] = []
        for _ in 0...latencySamples {
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
