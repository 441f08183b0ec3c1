import CurlHTTP
import Foundation
import Launcher
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The whole system on this machine as separate processes: the development broker, the simulator,
/// the ingress (both apps), the bot, agent and audit workers. `handover-stack` and the end-to-end
/// tests start it the same way.
///
/// ```swift
/// let stack = try HandoverStack(configuration: configuration)
/// do { try await stack.start(progress: show) } catch { await stack.stop(); throw error }
/// …
/// await stack.stop()
/// ```
public final class HandoverStack: Sendable {
    /// What runs, where, with which credentials.
    public let configuration: StackConfiguration
    private let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 4, connectTimeout: .seconds(2)))
    private let state = Mutex(State())

    private struct State {
        var running: [StackService: ChildProcess] = [:]
        var everStarted: [ChildProcess] = []
        var brokers: String?
    }

    /// Prepares a stack: creates the run folder and the ingress's app file. Starts nothing.
    public init(configuration: StackConfiguration) throws(StackError) {
        self.configuration = configuration
        do {
            try FileManager.default.createDirectory(at: configuration.runDirectory, withIntermediateDirectories: true)
        } catch {
            throw StackError(.launch(.files), "cannot create the run folder \(configuration.runDirectory.path)")
        }
        try configuration.writeIngressAppsFile()
        try configuration.writeCredentialsFile()
        try configuration.writeDeskFile()
    }

    deinit {
        http.shutdown()
    }

    /// Where the services listen (the broker's address once it runs).
    public var endpoints: StackEndpoints {
        StackEndpoints(host: configuration.host, ports: configuration.ports, brokers: state.withLock { $0.brokers })
    }

    /// The running process of `service`, if any.
    public func child(_ service: StackService) -> ChildProcess? {
        state.withLock { $0.running[service] }
    }

    /// Every process this stack started, including ones that have ended or were restarted.
    public var everStarted: [ChildProcess] {
        state.withLock { $0.everStarted }
    }

    /// Starts every service in order and waits until each is ready. Checks the ports first and
    /// names every busy one. On failure the services already started keep running: call ``stop()``.
    public func start(progress: @escaping StackProgressHandler = { _ in }) async throws(StackError) {
        try checkExecutables()
        try checkPorts()
        try await startBroker(progress: progress)
        try await start(.ingress, progress: progress)
        try await start(.simulator, progress: progress)
        try await startTogether(StackService.workers, progress: progress)
        try await signInDemoAgent()
    }

    /// The first desk agent goes online, so a handoff to the agent app is offered to them (with
    /// nobody online the desk hands the thread straight back to the bot).
    public func signInDemoAgent() async throws(StackError) {
        guard let agent = configuration.deskAgents.first, child(.agentWorker) != nil else { return }
        try await AgentConsole(baseURL: endpoints.agentAPIURL, identity: .agent(agent), client: http).signIn()
    }

    /// Fails naming every executable missing from the build folder.
    public func checkExecutables() throws(StackError) {
        let missing = StackService.startOrder.map(\.executableName).filter {
            !FileManager.default.isExecutableFile(
                atPath: configuration.executablesDirectory.appendingPathComponent($0).path)
        }
        guard missing.isEmpty else {
            throw StackError(
                .launch(.executableMissing),
                "missing in \(configuration.executablesDirectory.path): \(missing.joined(separator: ", ")); "
                    + "build them first (swift build, or swift build -c release)")
        }
    }

    /// Fails with every service whose port another process holds.
    public func checkPorts() throws(StackError) {
        let busy = StackService.startOrder.compactMap { service -> (StackService, Int)? in
            guard let port = configuration.ports[service], state.withLock({ $0.running[service] == nil }),
                !PortProbe.isFree(port, host: configuration.host)
            else { return nil }
            return (service, port)
        }
        guard busy.isEmpty else {
            let lines = busy.map { "port \($0.1) (\($0.0)) is in use by another process" }
            let pattern = busy.map { ":\($0.1)\\b" }.joined(separator: "|")
            throw StackError(
                .launch(.portInUse),
                lines.joined(separator: "\n")
                    + "\nSee what holds it with `ss -ltnp | grep -E '\(pattern)'`, stop it, or pick other ports with --base-port."
            )
        }
    }

    /// Starts `service` (again, after a kill or stop) with the same environment and waits until ready.
    public func start(_ service: StackService, progress: @escaping StackProgressHandler = { _ in })
        async throws(StackError)
    {
        if let old = child(service), old.isRunning {
            throw StackError(.launch(.launchFailed), "\(service) is already running (pid \(old.pid))")
        }
        let brokers = state.withLock { $0.brokers }
        if service != .devbroker, brokers == nil {
            throw StackError(.launch(.launchFailed), "\(service) needs the broker, which is not running")
        }
        if service == .devbroker {
            guard case .development = configuration.broker else {
                throw StackError(
                    .launch(.launchFailed), "the broker is \(configuration.broker): start it with startBroker()")
            }
            try? FileManager.default.removeItem(at: configuration.brokerAddressFile)
        }
        let launch = configuration.launch(service, brokers: service == .devbroker ? nil : brokers)
        let child: ChildProcess
        do {
            child = try await ChildProcess.start(launch)
        } catch {
            throw StackError(error)
        }
        state.withLock {
            $0.running[service] = child
            $0.everStarted.append(child)
        }
        progress(.started(service, pid: child.pid, log: child.logURL))
        let probe = readinessProbe(service, progress: progress)
        do throws(LaunchError) {
            if service == .devbroker {
                let address = try await probe.waitForBrokerAddress(child, file: configuration.brokerAddressFile)
                state.withLock { $0.brokers = address }
            } else {
                try await probe.waitForReady(
                    child, url: endpoints.baseURL(service)! + "/readyz", port: configuration.ports[service]!,
                    using: http)
            }
        } catch {
            throw StackError(error)
        }
    }

    /// A readiness probe with the stack's timeout whose progress names `service`.
    private func readinessProbe(_ service: StackService, progress: @escaping StackProgressHandler) -> ReadinessProbe {
        ReadinessProbe(timeout: configuration.readinessTimeout) { _, event in
            switch event {
            case .waiting(let what, let elapsed, let lastAnswer):
                progress(.waiting(service, what: what, elapsed: elapsed, lastAnswer: lastAnswer))
            case .ready(let elapsed):
                progress(.ready(service, elapsed: elapsed))
            }
        }
    }

    /// Starts (or, for an external broker, connects to) the stack's Kafka broker and makes sure the
    /// topic set exists with the stack's partition count.
    public func startBroker(progress: @escaping StackProgressHandler = { _ in }) async throws(StackError) {
        let address: String
        switch configuration.broker {
        case .development:
            // handover-devbroker creates the topics itself.
            return try await start(.devbroker, progress: progress)
        case .tansu(let executable):
            let environment = configuration.launch(.devbroker, brokers: nil).environment
            let (child, bootstrap) = try await TansuBroker.start(
                executable: executable, host: configuration.host, logURL: configuration.logURL(.devbroker),
                environment: environment, timeout: configuration.readinessTimeout)
            state.withLock {
                $0.running[.devbroker] = child
                $0.everStarted.append(child)
            }
            progress(.started(.devbroker, pid: child.pid, log: child.logURL))
            address = bootstrap
        case .external(let bootstrap):
            address = bootstrap
        }
        try await configuration.ensureTopics(bootstrapServers: address)
        state.withLock { $0.brokers = address }
        progress(.ready(.devbroker, elapsed: .zero))
    }

    /// Starts several services at once and waits until all are ready (the workers need a while each
    /// to join their consumer groups; doing it in parallel saves seconds).
    public func startTogether(_ services: [StackService], progress: @escaping StackProgressHandler = { _ in })
        async throws(StackError)
    {
        let failures = await withTaskGroup(of: StackError?.self) { group in
            for service in services {
                group.addTask {
                    do throws(StackError) {
                        try await self.start(service, progress: progress)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            var failures: [StackError] = []
            for await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures
        }
        if let first = failures.first {
            throw StackError(first.kind, failures.map(\.message).joined(separator: "\n"))
        }
    }

    /// Stops `service` cleanly (SIGTERM, then SIGKILL after the grace period).
    @discardableResult
    public func stop(_ service: StackService, progress: @escaping StackProgressHandler = { _ in }) async -> ChildExit? {
        guard let child = child(service) else { return nil }
        if child.isRunning { progress(.stopping(service, pid: child.pid)) }
        let exit = await child.stop(grace: configuration.stopGrace)
        progress(.stopped(service, exit))
        return exit
    }

    /// Restarts `service`: a clean stop, then a start with the same environment.
    public func restart(_ service: StackService, progress: @escaping StackProgressHandler = { _ in })
        async throws(StackError)
    {
        await stop(service, progress: progress)
        try await start(service, progress: progress)
    }

    /// Sends `signal` to the running process of `service` (SIGKILL to crash it, SIGSTOP/SIGCONT to
    /// freeze and thaw it).
    public func signal(_ service: StackService, _ signal: Int32) {
        child(service)?.send(signal)
    }

    /// Stops everything: the workers first (they drain and commit), then the simulator, the ingress
    /// and last the broker they all talk to. Returns how each process ended.
    @discardableResult
    public func stop(progress: @escaping StackProgressHandler = { _ in }) async -> [StackService: ChildExit] {
        var exits: [StackService: ChildExit] = [:]
        let workers = await withTaskGroup(of: (StackService, ChildExit?).self) { group in
            for service in StackService.workers {
                group.addTask { (service, await self.stop(service, progress: progress)) }
            }
            var results: [(StackService, ChildExit?)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (service, exit) in workers { exits[service] = exit }
        for service in [StackService.simulator, .ingress, .devbroker] {
            if let exit = await stop(service, progress: progress) { exits[service] = exit }
        }
        // Anything started but no longer tracked (a crash during a restart) must not outlive us.
        for child in everStarted where child.isRunning {
            await child.stop(grace: configuration.stopGrace)
        }
        return exits
    }

    /// Processes of this run that are still alive: started ones that have not ended, plus any
    /// process on the machine carrying this run's marker (children of children). Empty after a
    /// clean ``stop()``.
    public func survivingProcesses() -> [Int32] {
        var pids = Set(everStarted.filter { $0.isRunning }.map(\.pid))
        let marker = "\(StackConfiguration.runMarkerVariable)=\(configuration.runDirectory.path)"
        let own = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != own,
                let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ")
            else { continue }
            let variables = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if variables.contains(marker) { pids.insert(pid) }
        }
        return pids.sorted()
    }
}
