import BotWorker
import CurlHTTP
import Foundation
import GraphAPI
import Hummingbird
import Kafka
import KafkaMockCluster
import LocalStack
import Logging
import MessengerPlatform
import MetricsReading
import ServiceKit
import ServiceLifecycle
import Simulator
import SimulatorClient
import WorkerKit

/// Item 3: the bot worker (BotWorker on WorkerKit's `buildWorker`, in this process) against its
/// concurrency limit. Events are written to Kafka as the ingress would write them, 1,000 threads
/// interleaved; the simulator answers the bot's Send calls.
///
/// One worker runs three loads one after the other (a consumer group's first join costs the
/// mock cluster's 3 s initial rebalance delay, so it is paid once):
/// - 50 ms added to every Graph call: the ideal is `concurrency ÷ 50 ms`, and every thread's
///   answers must arrive in the order of its messages (checked in the simulator's transcripts);
/// - no added latency, answered messages (one Send each);
/// - no added latency, quiet events (reactions: no Graph call, the runtime alone).
/// The last two are compared with a plain consumer reading the same records afterwards.
struct WorkerBenchmark {
    let size: BenchSize
    let report: BenchReport
    let logger: Logger
    /// The consumer rate of item 1 (1 KiB records), when it ran, shown next to this item's own.
    var kafkaConsumerRate: Double?

    let concurrency = 64
    let graphLatencyMilliseconds = 50

    var threadCount: Int { size == .tiny ? 100 : 1_000 }

    /// One load: its name (psid and event-id prefix), events per thread, Graph latency, action.
    struct Load: Sendable {
        var name: String
        var perThread: Int
        var latency: Int
        var quiet: Bool
    }

    /// What one load measured.
    struct LoadResult: Sendable {
        var rate: Double
        var events: Int
        var threadsInOrder: Int
        /// Mean time in the handler and in one Graph call during this load (ms).
        var handlerMean: Double?
        var graphCallMean: Double?
        var cpu: String
        /// CPU of the whole process per event (µs), producing included.
        var cpuPerEvent: Double
    }

    func run() async throws {
        let cluster = try MockCluster(brokers: 1, logger: logger)
        defer { cluster.close() }
        let topics = MessengerTopics(prefix: "bench.worker.")
        try cluster.createTopics(topics.allTopics, partitions: 16)
        let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 32))
        defer { http.shutdown() }
        let simulator = try ThreadName.creating("simulator") {
            try Simulator(configuration: BenchFixture.simulatorConfiguration, logger: logger)
        }
        let simulatorGroup = ServiceGroup(
            services: [simulator.makeApplication()], gracefulShutdownSignals: [], logger: logger)
        let simulatorTask = Task { try await simulatorGroup.run() }
        defer { simulatorTask.cancel() }
        let simulatorURL = "http://127.0.0.1:\(try await simulator.runningPort())"
        let control = SimulatorClient(baseURL: simulatorURL, http: http)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: cluster.bootstrapServers, messageTimeout: .seconds(30)),
            logger: logger)

        var configuration = WorkerConfiguration(
            serviceName: BotWorkerConfiguration.serviceName, port: 0, appID: AppID(BenchFixture.botAppID),
            appSecret: Secret(BenchFixture.botSecret),
            pages: [PageAccess(pageID: BenchFixture.pageID, accessToken: BenchFixture.botToken)],
            kafka: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), groupID: "bench-bot")
        configuration.host = "127.0.0.1"
        configuration.topics = topics
        configuration.concurrency = concurrency
        configuration.graph.baseURL = simulatorURL
        configuration.graph.plainHTTP = .loopback
        let port = PortBox()
        // Named, so the worker's own threads (Kafka poll, curl) are told apart from the Swift tasks.
        let worker = try ThreadName.creating("worker-threads") {
            try buildBotWorker(
                configuration: BotWorkerConfiguration(
                    worker: configuration, behaviour: BotBehaviour(rules: BenchFixture.rules)),
                logger: logger, onServerRunning: { port.set($0) })
        }
        let workerGroup = ServiceGroup(services: [worker], gracefulShutdownSignals: [], logger: logger)
        let workerTask = Task { try await workerGroup.run() }
        let workerURL = "http://127.0.0.1:\(await port.value())"

        let loads = [
            Load(name: "limit", perThread: size == .tiny ? 4 : 16, latency: graphLatencyMilliseconds, quiet: false),
            Load(name: "answer", perThread: size == .tiny ? 4 : 16, latency: 0, quiet: false),
            Load(name: "quiet", perThread: size == .tiny ? 10 : 50, latency: 0, quiet: true),
        ]
        // Threads are created while the worker joins its group.
        for load in loads where !load.quiet {
            try await control.createThreads((0..<threadCount).map { "\(load.name)-u\($0)" })
        }
        var results: [String: LoadResult] = [:]
        for load in loads {
            results[load.name] = try await measure(
                load, topics: topics, control: control, producer: producer, http: http, workerURL: workerURL)
        }
        await workerGroup.triggerGracefulShutdown()
        _ = await workerTask.result
        await simulatorGroup.triggerGracefulShutdown()
        _ = await simulatorTask.result

        // The same records, read by a plain consumer of our Kafka layer.
        let total = results.values.reduce(0) { $0 + $1.events }
        let consumer = try await ConsumerRun.consume(
            brokers: cluster.bootstrapServers, topics: topics.eventTopics, count: total, logger: logger)
        let consumerRate = Double(consumer.received) / consumer.seconds
        await producer.shutdown()

        let limited = results["limit"]!
        let ideal = Double(concurrency) / (Double(graphLatencyMilliseconds) / 1000)
        report.add(
            BenchRow(
                stage: "3 worker",
                metric: "events/s, 50 ms per Graph call, \(threadCount) threads, concurrency \(concurrency)",
                measured: limited.rate, baseline: ideal, unit: "ev/s",
                goal: "ratio ≥ 0.8 (baseline: concurrency ÷ 50 ms)"))
        report.add(
            BenchRow(
                stage: "3 worker", metric: "threads answered completely and in order",
                measured: Double(limited.threadsInOrder),
                baseline: Double(threadCount), unit: "threads", goal: "all (ratio 1.00)"))
        if let handler = limited.handlerMean, let call = limited.graphCallMean {
            report.add(
                BenchRow(
                    stage: "3 worker", metric: "events/s vs concurrency ÷ measured handler time",
                    measured: limited.rate,
                    baseline: Double(concurrency) / (handler / 1000), unit: "ev/s",
                    goal: String(format: "(evidence: handler mean %.1f ms, Graph call mean %.1f ms)", handler, call)))
        }
        report.note("worker, 50 ms: \(limited.cpu)")
        let answered = results["answer"]!
        report.add(
            BenchRow(
                stage: "3 worker", metric: "events/s, no added latency, one Send per event", measured: answered.rate,
                baseline: consumerRate, unit: "ev/s", goal: "(baseline: plain consumer, same records)"))
        if let handler = answered.handlerMean, let call = answered.graphCallMean {
            report.note(
                String(
                    format: "worker, no latency, answered: handler mean %.2f ms, Graph call mean %.2f ms; %@", handler,
                    call, answered.cpu))
        }
        let quiet = results["quiet"]!
        report.add(
            BenchRow(
                stage: "3 worker", metric: "events/s, no Graph call (reactions: the runtime alone)",
                measured: quiet.rate,
                baseline: consumerRate, unit: "ev/s", goal: "(baseline: plain consumer, same records)"))
        report.note("worker, quiet: \(quiet.cpu)")
        let steps = WorkerStepCost.measure(iterations: size == .tiny ? 200 : 5_000)
        report.note(
            "worker per-event steps, one thread: "
                + steps.map { String(format: "%@ %.1f µs", $0.step, $0.microseconds) }.joined(separator: ", ")
                + String(format: "; the quiet run's CPU per event: %.1f µs", quiet.cpuPerEvent))
        report.note(
            "worker: plain consumer on the same records " + ThreadCPU.describe(consumer.cpu, wall: consumer.seconds)
                + String(format: " over %.2f s", consumer.seconds))
        if let kafkaConsumerRate {
            report.note(
                String(
                    format:
                        "worker: item 1's consumer rate (1 KiB records) was %.0f rec/s; answered events reach %.4f of it, quiet events %.3f",
                    kafkaConsumerRate, answered.rate / kafkaConsumerRate, quiet.rate / kafkaConsumerRate))
        }
    }

    /// One load through the running worker.
    private func measure(
        _ load: Load, topics: MessengerTopics, control: SimulatorClient, producer: KafkaProducer, http: CurlHTTPClient,
        workerURL: String
    ) async throws -> LoadResult {
        let psids = (0..<threadCount).map { "\(load.name)-u\($0)" }
        let events = EventLoad(
            pageID: BenchFixture.pageID, appID: BenchFixture.botAppID, topics: topics, runTag: load.name)
        let records = try events.conversationRecords(threads: psids, perThread: load.perThread) {
            load.quiet ? .reaction($0) : .message($0)
        }
        print(
            "worker (\(load.name)): \(records.count) events, \(threadCount) threads, Graph latency \(load.latency) ms")
        try await control.setGraphLatency(milliseconds: load.latency)
        let probe = ThroughputProbe(http: http, metricsURLs: [workerURL + "/metrics"])
        let before = await probe.counts()
        let metricsBefore = await scrape(http, workerURL)
        let cpuBefore = ThreadCPU.snapshot()
        let cpuStart = ContinuousClock.now
        try await EventLoad.produce(records, producer: producer)
        let ideal = load.latency > 0 ? Double(concurrency) / (Double(load.latency) / 1000) : 2_000
        let result = await probe.follow(
            expected: records.count, before: before, loadStarted: cpuStart,
            timeout: .seconds(max(60, Int(Double(records.count) / ideal * 4))))
        let cpuSpent = ThreadCPU.snapshot().since(cpuBefore)
        let wall = (ContinuousClock.now - cpuStart).seconds
        let metricsAfter = await scrape(http, workerURL)
        if !result.complete {
            report.note(
                "worker (\(load.name)): only \(result.handled + result.otherOutcomes) of \(records.count) events finished in time"
            )
        }
        if result.otherOutcomes > 0 {
            report.note("worker (\(load.name)): \(result.otherOutcomes) events not handled (dead-lettered or skipped)")
        }
        var inOrder = 0
        if !load.quiet {
            let sends = try await control.sends(of: psids)
            inOrder = BenchFixture.threadsInOrder(sends, psids: psids, perThread: load.perThread).inOrder
        }
        func mean(_ name: String) -> Double? {
            let count = metricsAfter.sum(name + "_count") - metricsBefore.sum(name + "_count")
            return count > 0 ? (metricsAfter.sum(name + "_sum") - metricsBefore.sum(name + "_sum")) / count * 1000 : nil
        }
        return LoadResult(
            rate: result.eventsPerSecond, events: records.count, threadsInOrder: inOrder,
            handlerMean: mean("worker_handler_duration_seconds"), graphCallMean: mean("graph_call_duration_seconds"),
            cpu: "CPU by thread over \(String(format: "%.1f", wall)) s (producing included): "
                + ThreadCPU.describe(cpuSpent, wall: wall),
            cpuPerEvent: cpuSpent.reduce(0) { $0 + $1.seconds } / Double(records.count) * 1e6)
    }

    private func scrape(_ http: CurlHTTPClient, _ workerURL: String) async -> MetricsText {
        let response = try? await http.execute(CurlRequest(url: workerURL + "/metrics"))
        return MetricsText(text: response.map { String(decoding: $0.body, as: UTF8.self) } ?? "")
    }
}
