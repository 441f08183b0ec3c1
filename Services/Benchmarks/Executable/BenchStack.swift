import CurlHTTP
import Foundation
import Launcher

/// The system as separate processes, from the release executables: the development broker, the
/// simulator (as Meta), the ingress and one or more bot workers in one consumer group. Started,
/// probed and stopped through the `Launcher` library, as the local stack is; composed here, since
/// the benchmark runs only these services, with its own fixture and a varying number of workers.
///
/// Workers get `session.timeout.ms` (6000 in full runs, 3000 in the smoke run) and
/// `heartbeat.interval.ms` (a sixth of it) through `KAFKA_PROPERTY_*`, so a killed member is
/// noticed within seconds rather than librdkafka's default 45 s.
final class BenchStack: @unchecked Sendable {
    let folder: String
    let executables: String
    let http: CurlHTTPClient
    let partitions: Int
    let sessionTimeoutMilliseconds: Int
    /// Extra environment for workers (e.g. a librdkafka property under test).
    var workerEnvironment: [String: String] = [:]
    private(set) var broker: ChildProcess!
    private(set) var brokers = ""
    private(set) var simulator: ChildProcess!
    private(set) var simulatorURL = ""
    private(set) var ingress: ChildProcess!
    private(set) var ingressURL = ""
    private(set) var workers: [(service: ChildProcess, url: String)] = []
    private var started: [ChildProcess] = []
    private var workerCount = 0

    init(folder: String, executables: String, http: CurlHTTPClient, partitions: Int, sessionTimeoutMilliseconds: Int) {
        self.folder = folder
        self.executables = executables
        self.http = http
        self.partitions = partitions
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
    }

    /// Broker, simulator, ingress and one worker, each ready.
    func start() async throws {
        let rules = folder + "/rules.json"
        try BenchFixture.rulesFileJSON.write(toFile: rules, atomically: true, encoding: .utf8)
        let handoverConfig = folder + "/ingress-apps.json"
        try #"{"apps":[{"id":"\#(BenchFixture.loadAppID)","secret":"\#(BenchFixture.loadSecret)"}]}"#
            .write(toFile: handoverConfig, atomically: true, encoding: .utf8)

        broker = try await launch(
            "handover-devbroker", name: "devbroker",
            ["DEVBROKER_PARTITIONS": "\(partitions)", "LOG_LEVEL": "warning"])
        let announcement = try await LogFollower(broker.logURL).waitForLine(timeout: .seconds(30), child: broker) {
            $0.hasPrefix("KAFKA_BROKERS=")
        }
        brokers = String(announcement.text.dropFirst("KAFKA_BROKERS=".count))

        let ports = try PortProbe.freePorts(2)
        let (simulatorPort, ingressPort) = (ports[0], ports[1])
        // The bot app's webhooks (the echoes of its sends) go to the ingress, as Meta's do: the
        // workers read them (and skip them), and recover from them after a crash. Batched as Meta
        // batches under load: one event per POST, one POST at a time, falls seconds behind 2,000
        // sends a second.
        simulator = try await launch(
            "handover-simulator", name: "simulator",
            [
                "PORT": "\(simulatorPort)", "SIMULATOR_HOST": "127.0.0.1", "SIMULATOR_PAGE_ID": BenchFixture.pageID,
                "SIMULATOR_BOT_APP_ID": BenchFixture.botAppID, "SIMULATOR_BOT_APP_SECRET": BenchFixture.botSecret,
                "SIMULATOR_BOT_PAGE_TOKEN": BenchFixture.botToken, "LOG_LEVEL": "warning",
                "SIMULATOR_BOT_WEBHOOK_URL": "http://127.0.0.1:\(ingressPort)/webhook/\(BenchFixture.botAppID)",
                "SIMULATOR_WEBHOOK_BATCH_SIZE": "100",
            ])
        simulatorURL = "http://127.0.0.1:\(simulatorPort)"

        ingress = try await launch(
            "handover-ingress", name: "ingress",
            [
                "PORT": "\(ingressPort)", "HOST": "127.0.0.1", "KAFKA_BROKERS": brokers,
                "MESSENGER_APP_ID": BenchFixture.botAppID, "MESSENGER_APP_SECRET": BenchFixture.botSecret,
                "HANDOVER_CONFIG": handoverConfig, "LOG_LEVEL": "warning",
            ])
        ingressURL = "http://127.0.0.1:\(ingressPort)"
        let probe = ReadinessProbe(timeout: .seconds(30))
        try await probe.waitForReady(simulator, url: simulatorURL + "/readyz", port: simulatorPort, using: http)
        try await probe.waitForReady(ingress, url: ingressURL + "/readyz", port: ingressPort, using: http)
        try await startWorker()
    }

    /// Starts one more bot worker in the group and waits until it has joined (readiness).
    @discardableResult
    func startWorker() async throws -> (service: ChildProcess, url: String) {
        workerCount += 1
        let port = try PortProbe.freePorts(1)[0]
        var environment = [
            "PORT": "\(port)", "HOST": "127.0.0.1", "KAFKA_BROKERS": brokers,
            "MESSENGER_APP_ID": BenchFixture.botAppID, "MESSENGER_APP_SECRET": BenchFixture.botSecret,
            "MESSENGER_PAGE_ID": BenchFixture.pageID, "MESSENGER_PAGE_ACCESS_TOKEN": BenchFixture.botToken,
            "GRAPH_API_URL": simulatorURL, "GRAPH_API_ALLOW_PLAIN_HTTP": "loopback",
            "BOT_RULES_FILE": folder + "/rules.json", "WORKER_CONCURRENCY": "64",
            "KAFKA_PROPERTY_SESSION_TIMEOUT_MS": "\(sessionTimeoutMilliseconds)",
            "KAFKA_PROPERTY_HEARTBEAT_INTERVAL_MS": "\(sessionTimeoutMilliseconds / 6)",
            "LOG_FORMAT": "json", "LOG_LEVEL": "info",
        ]
        environment.merge(workerEnvironment) { _, extra in extra }
        let worker = try await launch("handover-bot-worker", name: "bot-worker-\(workerCount)", environment)
        let url = "http://127.0.0.1:\(port)"
        try await ReadinessProbe(timeout: .seconds(60)).waitForReady(
            worker, url: url + "/readyz", port: port, using: http)
        workers.append((worker, url))
        return (worker, url)
    }

    /// The `/metrics` URLs of the workers still running.
    var workerMetricsURLs: [String] {
        workers.filter { $0.service.isRunning }.map { $0.url + "/metrics" }
    }

    /// Every service process started, for memory figures.
    var services: [ChildProcess] { started }

    /// Stops every process (SIGTERM, then SIGKILL after a grace period), workers first.
    func stop() async {
        for child in started.reversed() { await child.stop(grace: .seconds(10)) }
    }

    /// Starts `executable` with `environment` added to this process's, logging to `<name>.log`.
    private func launch(_ executable: String, name: String, _ environment: [String: String]) async throws
        -> ChildProcess
    {
        let path = executables + "/" + executable
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("\(path) is missing: build it first (scripts/bench builds every service in release mode)")
        }
        let child = try await ChildProcess.start(
            ChildLaunch(
                name: name, executable: URL(fileURLWithPath: path),
                environment: ProcessInfo.processInfo.environment.merging(environment) { _, given in given },
                logURL: URL(fileURLWithPath: folder + "/\(name).log")))
        started.append(child)
        return child
    }
}

extension ChildProcess {
    /// Memory figures now, `nil` once the process is gone.
    var memory: ProcessMemory? { ProcessMemory.read(pid: pid) }
}
