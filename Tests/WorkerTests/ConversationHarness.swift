import AgentDesk
import AgentWorker
import BotWorker
import CurlHTTP
import Foundation
import GraphAPI
import Ingress
import Kafka
import Logging
import MessengerPlatform
import MetricsReading
import ServiceKit
import Simulator
import SimulatorClient
import Synchronization
import TestSupport
import WorkerKit

/// The whole system in one test process, as in production but on loopback: a Kafka-protocol broker
/// (librdkafka mock cluster over TCP), the simulator as Meta, the real ingress receiving the
/// simulator's signed webhooks, the real bot worker and (optionally) the real agent worker calling
/// the simulator's Graph API, and a signature-checking agent desk.
final class ConversationHarness: Sendable {
    static let pageID = "100000000000077"
    static let botApp: AppID = "4000000000000001"
    static let agentApp: AppID = "4000000000000002"
    static let botSecret = "bot-app-secret"
    static let agentSecret = "agent-app-secret"
    static let deskSecret = "desk-secret"
    static let apiToken = "agent-api-token-0123456789"

    /// What a test changes about the system.
    struct Options {
        var mode: SimulatorConfiguration.Mode = .handover
        /// Conversation Routing: whether the page has a default app (the bot).
        var hasDefaultApp = true
        /// How far the simulator's clock was moved (ms); the agent worker's clock follows it.
        let clockOffset = ClockOffset()
        var handoverTarget: AppID = .pageInbox
        var requestPolicy: RequestPolicy = .inboxOnly
        var welcomeBack: String?
        var personButton: String?
        var withAgent = false
        var withDesk = false
        /// The agent desk's agents, timers and messages (default: no agents, an external desk).
        var deskPolicy = DeskPolicy()
        /// The agent desk's store.
        var storeURL = "sqlite::memory:"
        /// How often the desk's timers run.
        var sweepInterval: Duration = .milliseconds(100)
        /// Agent worker replicas (one consumer group, each with its own connection to the store;
        /// more than one needs a shared store: PostgreSQL).
        var agentReplicas = 1
        /// The agent console's sessions and live updates.
        var console = ConsoleConfiguration()
    }

    let broker: KafkaTestBroker
    let topics: MessengerTopics
    let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 4))
    let driver: SimulatorClient
    let desk: DeskReceiver?
    let bot: RunningApplication
    let agent: RunningApplication?
    /// The agent worker replicas beyond the first (``Options/agentReplicas``).
    let moreAgents: [RunningApplication]
    /// Their stores.
    let moreStores: [DeskStore]
    /// The agent desk's store (with `withAgent`).
    let deskStore: DeskStore?
    /// How far the simulator's clock was moved; the agent worker's clock follows it.
    let clockOffset: ClockOffset
    private let ingress: RunningApplication
    private let simulator: RunningApplication

    private init(
        broker: KafkaTestBroker, topics: MessengerTopics, ingress: RunningApplication, simulator: RunningApplication,
        bot: RunningApplication, agent: RunningApplication?, desk: DeskReceiver?, deskStore: DeskStore?,
        moreAgents: [RunningApplication], moreStores: [DeskStore], clockOffset: ClockOffset
    ) {
        self.moreAgents = moreAgents
        self.moreStores = moreStores
        self.deskStore = deskStore
        self.clockOffset = clockOffset
        self.broker = broker
        self.topics = topics
        self.ingress = ingress
        self.simulator = simulator
        self.bot = bot
        self.agent = agent
        self.desk = desk
        driver = SimulatorClient(baseURL: simulator.baseURL, http: http)
    }

    /// Runs `body` with a fresh system and stops everything afterwards, also when `body` throws.
    static func with(_ options: Options = Options(), _ body: (ConversationHarness) async throws -> Void) async throws {
        let harness = try await start(options)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    private static func start(_ options: Options) async throws -> ConversationHarness {
        let logger = KafkaTestBroker.makeLogger(label: "conversation.test")
        let topics = MessengerTopics(prefix: KafkaTestBroker.uniqueName("conv") + ".")
        let broker = try await KafkaTestBroker(topics: topics.allTopics, partitions: 4)

        var ingressConfiguration = IngressConfiguration(
            apps: [
                MessengerApp(id: botApp.rawValue, secret: Secret(botSecret)),
                MessengerApp(id: agentApp.rawValue, secret: Secret(agentSecret)),
            ],
            kafka: broker.kafkaConfiguration())
        ingressConfiguration.host = "127.0.0.1"
        ingressConfiguration.port = 0
        ingressConfiguration.topics = topics
        let ingress = try await RunningApplication.start(logger: logger) { onRunning in
            try buildApplication(configuration: ingressConfiguration, logger: logger, onServerRunning: onRunning)
        }

        let simulatorConfiguration = SimulatorConfiguration(
            port: 0, pageID: pageID, mode: options.mode, hasDefaultApp: options.hasDefaultApp,
            apps: [
                .init(
                    id: botApp.rawValue, secret: botSecret, pageAccessToken: "bot-page-token",
                    webhookURL: ingress.baseURL + "/webhook/\(botApp)", role: .primary, isDefault: true),
                .init(
                    id: agentApp.rawValue, secret: agentSecret, pageAccessToken: "agent-page-token",
                    webhookURL: options.withAgent ? ingress.baseURL + "/webhook/\(agentApp)" : nil, role: .secondary),
            ],
            webhookRetry: .fast)
        let simulator = try await RunningApplication.start(logger: logger) { onRunning in
            try Simulator(configuration: simulatorConfiguration, logger: logger).makeApplication(
                onServerRunning: onRunning)
        }

        var behaviour = BotBehaviour()
        behaviour.handoverTarget = options.handoverTarget
        behaviour.requestPolicy = options.requestPolicy
        behaviour.welcomeBack = options.welcomeBack
        behaviour.personButton = options.personButton
        let botConfiguration = BotWorkerConfiguration(
            worker: workerConfiguration(
                BotWorkerConfiguration.serviceName, app: botApp, secret: botSecret, token: "bot-page-token",
                graphURL: simulator.baseURL, broker: broker, topics: topics),
            behaviour: behaviour)
        let bot = try await RunningApplication.start(logger: logger) { onRunning in
            try buildBotWorker(configuration: botConfiguration, logger: logger, onServerRunning: onRunning)
        }

        var desk: DeskReceiver?
        var agent: RunningApplication?
        var deskStore: DeskStore?
        var moreAgents: [RunningApplication] = []
        var moreStores: [DeskStore] = []
        if options.withAgent {
            if options.withDesk { desk = try await DeskReceiver.start(secret: deskSecret, logger: logger) }
            var deskConfiguration = desk.map { DeskConfiguration(url: $0.url, secret: Secret(deskSecret)) }
            deskConfiguration?.retry.baseDelay = .milliseconds(20)
            deskConfiguration?.retry.maxDelay = .milliseconds(200)
            var agentConfiguration = AgentWorkerConfiguration(
                worker: workerConfiguration(
                    AgentWorkerConfiguration.serviceName, app: agentApp, secret: agentSecret, token: "agent-page-token",
                    graphURL: simulator.baseURL, broker: broker, topics: topics),
                primaryAppID: botApp, desk: deskConfiguration, apiToken: Secret(apiToken),
                threadControl: options.mode == .handover ? .handover : .routing(hasDefaultApp: options.hasDefaultApp))
            // The agent's clock moves with the simulator's (``advanceClock(hours:)``).
            let offset = options.clockOffset
            agentConfiguration.clock = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) + offset.milliseconds }
            agentConfiguration.policy = options.deskPolicy
            agentConfiguration.sweepInterval = options.sweepInterval
            agentConfiguration.console = options.console
            let store = try await DeskStore.open(url: options.storeURL, logger: logger)
            deskStore = store
            agent = try await RunningApplication.start(logger: logger) { onRunning in
                try buildAgentWorker(
                    configuration: agentConfiguration, store: store, logger: logger, onServerRunning: onRunning)
            }
            for _ in 1..<max(1, options.agentReplicas) {
                let replicaStore = try await DeskStore.open(url: options.storeURL, logger: logger)
                moreStores.append(replicaStore)
                moreAgents.append(
                    try await RunningApplication.start(logger: logger) { onRunning in
                        try buildAgentWorker(
                            configuration: agentConfiguration, store: replicaStore, logger: logger,
                            onServerRunning: onRunning)
                    })
            }
        }
        let harness = ConversationHarness(
            broker: broker, topics: topics, ingress: ingress, simulator: simulator, bot: bot, agent: agent, desk: desk,
            deskStore: deskStore, moreAgents: moreAgents, moreStores: moreStores, clockOffset: options.clockOffset)
        try await harness.waitUntilReady(bot)
        if let agent { try await harness.waitUntilReady(agent) }
        for replica in moreAgents { try await harness.waitUntilReady(replica) }
        return harness
    }

    private static func workerConfiguration(
        _ serviceName: String, app: AppID, secret: String, token: String, graphURL: String, broker: KafkaTestBroker,
        topics: MessengerTopics
    ) -> WorkerConfiguration {
        var configuration = WorkerConfiguration(
            serviceName: serviceName, port: 0, appID: app, appSecret: Secret(secret),
            pages: [PageAccess(pageID: pageID, accessToken: token)],
            kafka: broker.kafkaConfiguration(properties: [
                "session.timeout.ms": "4000", "heartbeat.interval.ms": "500", "auto.commit.interval.ms": "100",
            ]),
            graph: GraphAPIConfiguration(baseURL: graphURL, appID: app, appSecret: secret, plainHTTP: .loopback),
            groupID: KafkaTestBroker.uniqueName(serviceName))
        configuration.host = "127.0.0.1"
        configuration.topics = topics
        configuration.statisticsInterval = .milliseconds(100)
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))
        configuration.drainTimeout = .seconds(5)
        return configuration
    }

    /// Waits until the worker's `/readyz` says it joined its consumer group.
    private func waitUntilReady(_ worker: RunningApplication) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await http.execute(CurlRequest(url: worker.baseURL + "/readyz")),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RunningApplication.StartFailure()
    }

    func stop() async {
        for replica in moreAgents { await replica.stop() }
        if let agent { await agent.stop() }
        await bot.stop()
        if let desk { await desk.stop() }
        await deskStore?.close()
        for store in moreStores { await store.close() }
        await simulator.stop()
        await ingress.stop()
        broker.close()
    }

    // MARK: Observing workers

    /// The value of the Prometheus sample `name{labels}` on `worker`'s `/metrics` (0 when absent).
    func metric(_ worker: RunningApplication, _ name: String, _ labels: [String: String] = [:]) async throws -> Double {
        let response = try await http.execute(CurlRequest(url: worker.baseURL + "/metrics"))
        return MetricsText(text: String(decoding: response.body, as: UTF8.self)).sum(name, where: labels)
    }

    /// Waits until `metric(worker, name, labels)` is at least `value`.
    func waitForMetric(
        _ worker: RunningApplication, _ name: String, _ labels: [String: String] = [:], atLeast value: Double,
        timeout: Duration = .seconds(30)
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = 0.0
        while ContinuousClock.now < deadline {
            last = try await metric(worker, name, labels)
            if last >= value { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MetricTimeout(name: name, labels: labels, expected: value, last: last)
    }

    struct MetricTimeout: Error, CustomStringConvertible {
        let name: String
        let labels: [String: String]
        let expected: Double
        let last: Double
        var description: String { "\(name)\(labels) stayed at \(last), expected at least \(expected)" }
    }

    // MARK: The agent API

    /// Calls the agent API of the agent worker with `token` (default: the right one; nil: none).
    /// Moves the simulator's clock and the agent worker's by `hours`.
    func advanceClock(hours: Int) async throws {
        try await driver.advanceClock(seconds: hours * 3600)
        clockOffset.advance(hours: hours)
    }

    func agentAPI(
        _ method: String, _ path: String, body: String? = nil, token: String? = ConversationHarness.apiToken,
        replica: Int = 0
    ) async throws -> (status: Int, json: [String: Any], headers: [CurlHeader]) {
        guard let agent = replica == 0 ? agent : moreAgents[replica - 1] else {
            throw RunningApplication.StartFailure()
        }
        var headers = [CurlHeader(name: "Content-Type", value: "application/json")]
        if let token { headers.append(CurlHeader(name: "Authorization", value: "Bearer \(token)")) }
        let response = try await http.execute(
            CurlRequest(method: method, url: agent.baseURL + path, headers: headers, body: body.map { Array($0.utf8) }))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, json, response.headers)
    }
}

/// How far a test moved the simulator's clock, shared with the agent worker's clock.
final class ClockOffset: Sendable {
    private let value = Mutex<Int64>(0)

    /// The offset in milliseconds.
    var milliseconds: Int64 { value.withLock { $0 } }

    /// Moves it forward by `hours`.
    func advance(hours: Int) { value.withLock { $0 += Int64(hours) * 3_600_000 } }
}
