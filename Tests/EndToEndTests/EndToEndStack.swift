import CurlHTTP
import Foundation
import Launcher
import LocalStack
import MetricsReading
import SimulatorClient
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A stack of real processes for one test: its own free ports, its own run folder (kept until the
/// same test runs again, so the services' logs can be read after a failure), clients for the
/// simulator and the agent API.
struct EndToEndStack {
    let stack: HandoverStack
    let http: CurlHTTPClient
    let simulator: SimulatorClient
    let player: ConversationPlayer
    let roles: StackRoles

    var configuration: StackConfiguration { stack.configuration }

    /// Starts a stack (configured by `configure`), runs `body`, stops the stack and checks that no
    /// process of the run is left and that every service drained and exited cleanly.
    static func run(
        _ name: String, configure: (inout StackConfiguration) throws -> Void = { _ in },
        _ body: (EndToEndStack) async throws -> Void
    ) async throws {
        let runDirectory = try RunFolders.fresh(name)
        var configuration = StackConfiguration(
            executablesDirectory: BuildProducts.directory, runDirectory: runDirectory, ports: try StackPorts.ephemeral()
        )
        configuration.readinessTimeout = .seconds(60)
        configuration.stopGrace = .seconds(15)
        configuration.logLevel = "info"
        configuration.broker = try TestBrokerChoice.selected.stackBroker()
        // The conversations below are written for the first-generation protocol; the routing ones
        // say so in their own configuration.
        configuration.simulatorMode = "handover"
        try configure(&configuration)
        let stack = try HandoverStack(configuration: configuration)
        let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 64))
        defer { http.shutdown() }
        let endpoints = StackEndpoints(host: configuration.host, ports: configuration.ports)
        let simulator = SimulatorClient(baseURL: endpoints.simulatorURL, http: http)
        let agent = AgentConsole(
            baseURL: endpoints.agentAPIURL, agent: configuration.deskAgents.first,
            serviceToken: configuration.agentAPIToken, client: http)
        let context = EndToEndStack(
            stack: stack, http: http, simulator: simulator,
            player: ConversationPlayer(simulator: simulator, agent: agent, stepTimeout: .seconds(30)),
            roles: StackRoles(configuration))

        let clock = ContinuousClock()
        let begin = clock.now
        var failure: (any Error)?
        do {
            try await stack.start()
            print(
                "[e2e \(name)] stack up in \(StackConsole.seconds(clock.now - begin)), run folder \(runDirectory.path)")
            try await body(context)
        } catch {
            failure = error
        }
        let exits = await stack.stop()
        let survivors = stack.survivingProcesses()
        for pid in survivors { kill(pid, SIGKILL) }

        #expect(survivors.isEmpty, "processes of the run still alive after the stop: \(survivors)")
        for child in stack.everStarted {
            #expect(!child.isRunning, "\(child.name) (pid \(child.pid)) is still running")
            #expect(kill(child.pid, 0) != 0, "pid \(child.pid) (\(child.name)) still exists")
        }
        if failure == nil {
            for (service, exit) in exits {
                #expect(
                    exit.isClean, "\(service) did not drain cleanly: \(exit); log \(configuration.logURL(service).path)"
                )
            }
        }
        if let failure {
            Issue.record("logs kept in \(runDirectory.path)")
            throw failure
        }
    }

    /// Waits until the bot has made at least `count` Send API calls; returns how many it has made.
    func waitForBotSends(atLeast count: Int, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            let sends = try await simulator.graphCalls("messages")
            if sends >= count { return sends }
            guard ContinuousClock.now < deadline else {
                throw StackError(.expectationFailed, "the bot made only \(sends) of \(count) sends in time")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The simulator's deliveries once none is pending any more (or the timeout passed).
    func waitForDeliveries(timeout: Duration) async throws -> [WebhookDeliveryView] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let deliveries = try await simulator.deliveries()
            if ContinuousClock.now >= deadline || !deliveries.contains(where: { $0.state == .pending }) {
                return deliveries
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The `/metrics` of `service` (the bot worker unless named).
    func metrics(of service: StackService = .botWorker) async throws -> MetricsText {
        let url = StackEndpoints(host: configuration.host, ports: configuration.ports).baseURL(service)!
        let response = try await http.execute(CurlRequest(url: url + "/metrics", timeout: .seconds(5)))
        return MetricsText(text: String(decoding: response.body, as: UTF8.self))
    }

    /// Waits until the bot worker has committed everything it was given: every partition it owns
    /// reports a lag of 0 (statistics refresh every second).
    func waitForBotWorkerCaughtUp(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let metrics = try await metrics()
            if metrics.value("kafka_consumergroup_lag") == 0 { return }
            guard ContinuousClock.now < deadline else {
                throw StackError(.expectationFailed, "the bot worker did not catch up in time")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// The thread of `psid`, which must exist.
    func thread(_ psid: String) async throws -> SimulatedThreadView {
        try await simulator.thread(psid)
    }
}
