import AgentDesk
import AgentWorker
import CurlHTTP
import Foundation
import GraphAPI
import Kafka
import KafkaMockCluster
import LocalStack
import Logging
import MessengerPlatform
import ServiceKit
import ServiceLifecycle
import WorkerKit

/// Stage "desk": the agent worker (in this process, on the mock cluster) at the worker stage's
/// kind of load — handoffs and the users' messages after them, many threads interleaved — with
/// the desk's storage on (SQLite, and PostgreSQL when its server binaries are installed) against
/// the same load through the same runtime with storage off (a handler that stores nothing).
/// Then the queue API's p99 with many stored conversations, against `/healthz`'s p99 on the same
/// server. No Graph calls: without desk agents every conversation waits for an external desk.
struct DeskBenchmark {
    let size: BenchSize
    let report: BenchReport
    let logger: Logger

    static let agentAppID = "3333333333333333"
    static let serviceToken = "bench-desk-service-token-0123456789"
    var threadCount: Int { size == .tiny ? 50 : 1_000 }
    var messagesPerThread: Int { size == .tiny ? 4 : 10 }
    var storedConversations: Int { size == .tiny ? 1_000 : 10_000 }
    var queueRequests: Int { size == .tiny ? 50 : 500 }

    /// The same load with nothing stored: the runtime alone.
    struct StorageOff: EventHandler {
        var kinds: Set<EventKind> { [.messages, .standby, .handovers] }
        var receivesPassiveEvents: Bool { true }
        func handle(_ event: WorkerEvent, context: WorkerContext) async throws {}
    }

    func run() async throws {
        let cluster = try MockCluster(brokers: 1, logger: logger)
        defer { cluster.close() }
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: cluster.bootstrapServers, messageTimeout: .seconds(30)),
            logger: logger)
        let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 8))
        defer { http.shutdown() }

        let off = try await measure("off", cluster: cluster, producer: producer, http: http) { _ in StorageOff() }

        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-desk-\(UUID().uuidString).sqlite"
        )
        .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let sqlite = try await DeskStore.open(url: "sqlite:" + path, logger: logger)
        let onSQLite = try await measure("sqlite", cluster: cluster, producer: producer, http: http) { runtime in
            try AgentHandler(configuration: configuration(runtime.configuration), store: sqlite, runtime: runtime)
        } whileRunning: { url in
            try await queueLatency(store: sqlite, url: url, http: http)
        }
        await sqlite.close()
        report.add(
            BenchRow(
                stage: "desk", metric: "events/s, storage on (SQLite), \(threadCount) threads", measured: onSQLite,
                baseline: off, unit: "ev/s", goal: "ratio ≥ 0.8 (baseline: the same load, storage off)"))

        if PostgresServer.binaries() != nil {
            let server = try await PostgresServer.start()
            defer { server.stop() }
            let postgres = try await DeskStore.open(url: server.url, logger: logger)
            let onPostgres = try await measure("postgres", cluster: cluster, producer: producer, http: http) {
                runtime in
                try AgentHandler(configuration: configuration(runtime.configuration), store: postgres, runtime: runtime)
            }
            await postgres.close()
            report.add(
                BenchRow(
                    stage: "desk", metric: "events/s, storage on (PostgreSQL), \(threadCount) threads",
                    measured: onPostgres, baseline: off, unit: "ev/s",
                    goal: "ratio ≥ 0.8 (baseline: the same load, storage off)"))
        } else {
            report.note("desk (PostgreSQL): skipped, no PostgreSQL server binaries (scripts/install-deps)")
        }
        await producer.shutdown()
    }

    /// The agent worker's configuration around the runtime's: no agents, no external desk.
    private func configuration(_ worker: WorkerConfiguration) -> AgentWorkerConfiguration {
        AgentWorkerConfiguration(
            worker: worker, primaryAppID: AppID(BenchFixture.botAppID), desk: nil, apiToken: Secret(Self.serviceToken))
    }

    /// Runs one load through a worker whose handler `makeHandler` builds; returns events/s.
    private func measure(
        _ name: String, cluster: MockCluster, producer: KafkaProducer, http: CurlHTTPClient,
        makeHandler: (WorkerRuntime) throws -> some EventHandler,
        whileRunning: (String) async throws -> Void = { _ in }
    ) async throws -> Double {
        let topics = MessengerTopics(prefix: "bench.desk.\(name).")
        try cluster.createTopics(topics.allTopics, partitions: 16)
        var configuration = WorkerConfiguration(
            serviceName: AgentWorkerConfiguration.serviceName, port: 0, appID: AppID(Self.agentAppID),
            appSecret: Secret("bench-desk-secret"),
            pages: [PageAccess(pageID: BenchFixture.pageID, accessToken: "bench-desk-page-token")],
            kafka: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), groupID: "bench-desk-\(name)")
        configuration.host = "127.0.0.1"
        configuration.topics = topics
        configuration.concurrency = 64
        configuration.graph.baseURL = "http://127.0.0.1:9"
        configuration.graph.plainHTTP = .loopback
        let runtime = WorkerRuntime(configuration: configuration, logger: logger)
        let port = PortBox()
        let worker = try buildWorker(runtime: runtime, handler: makeHandler(runtime)) { port.set($0) }
        let group = ServiceGroup(services: [worker], gracefulShutdownSignals: [], logger: logger)
        let task = Task { try await group.run() }
        let url = "http://127.0.0.1:\(await port.value())"

        let events = EventLoad(
            pageID: BenchFixture.pageID, appID: Self.agentAppID, topics: topics, runTag: "desk-\(name)")
        let psids = (0..<threadCount).map { "desk-\(name)-u\($0)" }
        let records = try events.conversationRecords(threads: psids, perThread: messagesPerThread + 1) { round in
            round == 0 ? .handoff(from: BenchFixture.botAppID, to: Self.agentAppID) : .message(round)
        }
        print("desk (\(name)): \(records.count) events, \(threadCount) threads")
        let probe = ThroughputProbe(http: http, metricsURLs: [url + "/metrics"])
        let before = await probe.counts()
        let started = ContinuousClock.now
        try await EventLoad.produce(records, producer: producer)
        let result = await probe.follow(
            expected: records.count, before: before, loadStarted: started, timeout: .seconds(300))
        if !result.complete {
            report.note(
                "desk (\(name)): only \(result.handled + result.otherOutcomes) of \(records.count) events finished")
        }
        if result.otherOutcomes > 0 {
            report.note("desk (\(name)): \(result.otherOutcomes) events not handled (dead-lettered or skipped)")
        }
        try await whileRunning(url)
        await group.triggerGracefulShutdown()
        _ = await task.result
        return result.eventsPerSecond
    }

    /// Fills the store to ``storedConversations`` waiting conversations, then times the queue API
    /// and `/healthz` on the same server.
    private func queueLatency(store: DeskStore, url: String, http: CurlHTTPClient) async throws {
        let existing = try await store.openCounts().values.reduce(0, +)
        let base = Int64(Date().timeIntervalSince1970 * 1000)
        for index in existing..<storedConversations {
            _ = try await store.insert(
                Conversation(
                    id: "bench-q-\(index)", pageID: BenchFixture.pageID, userID: "bench-q-u\(index)",
                    queuedAt: base + Int64(index), handoffMetadata: "bench", previousOwnerAppID: BenchFixture.botAppID),
                actor: "bench")
        }
        let stored = try await store.openCounts().values.reduce(0, +)
        func p99(_ path: String, token: String?) async throws -> Double {
            var samples: [Double] = []
            let headers = token.map { [CurlHeader("Authorization", "Bearer \($0)")] } ?? []
            for _ in 0..<queueRequests {
                let start = ContinuousClock.now
                let response = try await http.execute(CurlRequest(url: url + path, headers: headers))
                guard response.status == 200 else { throw BenchFailure("GET \(path) answered \(response.status)") }
                samples.append((ContinuousClock.now - start).seconds * 1000)
            }
            samples.sort()
            return samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
        }
        let health = try await p99("/healthz", token: nil)
        let queue = try await p99("/agent/queue", token: Self.serviceToken)
        report.add(
            BenchRow(
                stage: "desk",
                metric: "queue API p99 with \(stored) stored conversations (the oldest 100, the default page)",
                measured: queue, baseline: health, unit: "ms", goal: "(baseline: /healthz p99, same server)",
                lowerIsBetter: true))
    }
}

/// A benchmark step that could not be measured.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
