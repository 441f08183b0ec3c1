import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One running (or finished) child process of the stack.
///
/// Foundation puts every child in a process group of its own, so Ctrl-C in the terminal reaches
/// only the launcher, which then stops the children in order. Each child also dies with the
/// launcher (see ``ProcessSpawner``).
public final class ChildProcess: Sendable {
    /// How the child was started; ``HandoverStack`` restarts it with the same launch.
    public let launch: ChildLaunch
    /// Its process id (also its process group id).
    public let pid: Int32
    private let monitor: ExitMonitor

    /// The service it runs.
    public var service: StackService { launch.service }
    /// Its log file.
    public var logURL: URL { launch.logURL }

    private init(launch: ChildLaunch, pid: Int32, monitor: ExitMonitor) {
        self.launch = launch
        self.pid = pid
        self.monitor = monitor
    }

    /// The wrapper that sets the parent-death signal, when this machine has it (util-linux).
    static let deathSignalWrapper = URL(fileURLWithPath: "/usr/bin/setpriv")

    /// Starts the child described by `launch`.
    public static func start(_ launch: ChildLaunch) async throws(StackError) -> ChildProcess {
        let path = launch.executable.path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw StackError(
                .executableMissing,
                "\(launch.service.executableName) is missing at \(path): build it first (swift build)")
        }
        let monitor = ExitMonitor()
        do {
            let pid = try await ProcessSpawner.shared.run { () throws(StackError) -> Int32 in
                try spawn(launch, monitor: monitor)
            }
            return ChildProcess(launch: launch, pid: pid, monitor: monitor)
        } catch let error as StackError {
            throw error
        } catch {
            throw StackError(.launchFailed, "\(launch.service) could not be started")
        }
    }

    /// Runs on the spawner thread: opens the log, starts the process, hands its exit to `monitor`.
    private static func spawn(_ launch: ChildLaunch, monitor: ExitMonitor) throws(StackError) -> Int32 {
        let log: FileHandle
        do {
            if !FileManager.default.fileExists(atPath: launch.logURL.path) {
                _ = FileManager.default.createFile(atPath: launch.logURL.path, contents: nil)
            }
            log = try FileHandle(forWritingTo: launch.logURL)
            try log.seekToEnd()
        } catch {
            throw StackError(.files, "cannot write the log file \(launch.logURL.path)")
        }
        defer { try? log.close() }  // the child has its own copy of the descriptor
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: deathSignalWrapper.path) {
            process.executableURL = deathSignalWrapper
            process.arguments = ["--pdeathsig", "KILL", "--", launch.executable.path] + launch.arguments
        } else {
            process.executableURL = launch.executable
            process.arguments = launch.arguments
        }
        process.environment = launch.environment
        process.currentDirectoryURL = launch.logURL.deletingLastPathComponent()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        process.terminationHandler = { finished in
            let reason: ChildExit.Reason = finished.terminationReason == .uncaughtSignal ? .signalled : .exited
            monitor.finish(ChildExit(reason: reason, status: finished.terminationStatus))
        }
        do {
            try process.run()
        } catch {
            throw StackError(.launchFailed, "\(launch.service) could not be started: \(error.localizedDescription)")
        }
        monitor.keep(process)
        return process.processIdentifier
    }

    /// How it ended, or nil while it runs.
    public var exit: ChildExit? { monitor.exit }

    /// Whether it is still running (a stopped, i.e. SIGSTOPped, process counts as running).
    public var isRunning: Bool { monitor.exit == nil }

    /// Waits until it has ended; nil when the waiting task is cancelled first.
    public func waitForExit() async -> ChildExit? {
        await monitor.wait()
    }

    /// Waits until it has ended, at most `timeout`; nil when it is still running then.
    public func waitForExit(timeout: Duration) async -> ChildExit? {
        await withTaskGroup(of: ChildExit?.self) { group in
            group.addTask { await self.monitor.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Sends `signal` (e.g. SIGKILL, SIGSTOP, SIGCONT) unless it has already ended.
    public func send(_ signal: Int32) {
        guard isRunning else { return }
        kill(pid, signal)
    }

    /// Stops it cleanly: SIGTERM (and SIGCONT, in case it is paused), then SIGKILL when it has not
    /// ended within `grace`. Returns how it ended.
    @discardableResult
    public func stop(grace: Duration) async -> ChildExit {
        if let exit { return exit }
        send(SIGTERM)
        send(SIGCONT)
        if let exit = await waitForExit(timeout: grace) { return exit }
        send(SIGKILL)
        // SIGKILL cannot be ignored; the wait ends unless this task is cancelled.
        return await waitForExit() ?? ChildExit(reason: .signalled, status: SIGKILL)
    }
}
