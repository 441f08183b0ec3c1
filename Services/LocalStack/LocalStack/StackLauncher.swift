import CurlHTTP
import Foundation
import Kafka
import Launcher

#if canImport(Glibc)
    import Glibc
#endif

/// What `handover-stack` does: start the stack with progress, print where everything is, run the
/// interactive session or the demo, and stop every child on `/quit`, the demo's end, Ctrl-C or
/// SIGTERM (a second signal kills them at once).
public enum StackLauncher {
    /// Runs the launcher; returns the exit status (0 success, 1 failure, 130 demo interrupted).
    public static func run(_ options: LauncherOptions) async -> Int32 {
        let console = StackConsole()
        let configuration: StackConfiguration
        let stack: HandoverStack
        do {
            configuration = try Self.configuration(options)
            stack = try HandoverStack(configuration: configuration)
        } catch {
            console.warn("✗ \(error.message)")
            return 1
        }
        console.say(
            "handover-stack: run folder \(console.path(configuration.runDirectory)), executables in \(console.path(configuration.executablesDirectory))"
        )
        let signals = ShutdownSignals()
        let http = CurlHTTPClient()
        defer { http.shutdown() }

        let work = Task { await session(stack, options: options, console: console, http: http) }
        let interrupter = Task {
            var arrivals = signals.signals.makeAsyncIterator()
            guard let first = await arrivals.next() else { return }
            console.say("\n\(ShutdownSignals.name(first)) received: stopping the stack (send it again to kill at once)")
            work.cancel()
            guard await arrivals.next() != nil else { return }
            console.say("second signal: killing every process now")
            for child in stack.everStarted { child.send(SIGKILL) }
        }
        var status = await work.value
        let interrupted = work.isCancelled
        if interrupted && options.demo { status = 130 }

        if !stack.everStarted.isEmpty {
            console.say("\nstopping the stack")
            await stack.stop(progress: console.show)
        }
        interrupter.cancel()
        let survivors = stack.survivingProcesses()
        if survivors.isEmpty {
            guard !stack.everStarted.isEmpty else { return status }
            console.say("all processes stopped; logs kept in \(console.path(configuration.runDirectory))")
        } else {
            console.warn(
                "✗ processes still running after the stop: \(survivors.map(String.init).joined(separator: ", ")); killing them"
            )
            for pid in survivors { kill(pid, SIGKILL) }
            status = 1
        }
        return status
    }

    /// The stack's configuration from the options.
    static func configuration(
        _ options: LauncherOptions, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StackError) -> StackConfiguration {
        let executables = options.executablesDirectory ?? LauncherOptions.ownExecutablesDirectory()
        var configuration = StackConfiguration(
            executablesDirectory: executables,
            runDirectory: StackConfiguration.newRunDirectory(under: options.runsDirectory.standardizedFileURL),
            ports: .fixed(base: options.basePort))
        configuration.partitions = options.partitions
        configuration.simulatorMode = options.mode
        configuration.broker = try StackBroker.parse(options.broker, searching: [executables])
        if case .external = configuration.broker {
            // A broker someone else runs: its topic prefix and its security settings come from the
            // person's environment (the stack's own brokers need neither).
            if let prefix = environment["KAFKA_TOPIC_PREFIX"], !prefix.isEmpty { configuration.topicPrefix = prefix }
            configuration.kafkaPropertyVariables = environment.filter {
                KafkaConfiguration.propertyName(forEnvironmentVariable: $0.key) != nil
            }
        }
        configuration.logLevel = options.logLevel
        configuration.readinessTimeout = options.readinessTimeout
        if options.target == "agent" { configuration.handoverTarget = configuration.agentApp.id }
        return configuration
    }

    /// Starts the stack and runs the demo or the interactive session; returns the exit status.
    private static func session(
        _ stack: HandoverStack, options: LauncherOptions, console: StackConsole, http: CurlHTTPClient
    ) async -> Int32 {
        let clock = ContinuousClock()
        let begin = clock.now
        do {
            try await stack.start(progress: console.show)
        } catch {
            if Task.isCancelled { return 0 }
            console.warn("\n✗ the stack did not start:\n\(error.message)")
            return 1
        }
        console.say(StackSummary.render(stack, console: console))
        console.say("\nstack up in \(StackConsole.seconds(clock.now - begin))")
        let watcher = Task { await reportUnexpectedExits(stack, console: console) }
        defer { watcher.cancel() }
        if options.demo {
            do {
                _ = try await DemoRun(stack: stack, console: console, http: http, stepTimeout: options.stepTimeout)
                    .run()
                return 0
            } catch {
                if Task.isCancelled { return 130 }
                console.warn("\n✗ DEMO FAILED: \(error.message)")
                console.warn("  the services' logs are in \(console.path(stack.configuration.runDirectory))")
                return 1
            }
        }
        await InteractiveSession(stack: stack, console: console, http: http, user: options.user)
            .run(lines: TerminalLines.start())
        return 0
    }

    /// Tells the person when a service ends on its own (a crash, a configuration error).
    private static func reportUnexpectedExits(_ stack: HandoverStack, console: StackConsole) async {
        await withTaskGroup(of: Void.self) { group in
            for service in StackService.startOrder {
                guard let child = stack.child(service) else { continue }
                group.addTask {
                    guard let exit = await child.waitForExit(), !Task.isCancelled else { return }
                    console.warn("! \(service) \(exit) unexpectedly; its log: \(console.path(child.logURL))")
                }
            }
        }
    }
}
