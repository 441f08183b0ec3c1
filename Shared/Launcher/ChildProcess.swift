import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One running (or finished) child process.
///
/// Foundation puts every child in a process group of its own, so Ctrl-C in the terminal reaches
/// only the parent, which then stops the children in order. Each child also dies with the parent,
/// even one killed with SIGKILL (see ``ProcessSpawner``); ``killEveryChild()`` is for a parent that
/// exits on its own.
///
/// ```swift
/// let child = try await ChildProcess.start(ChildLaunch(name: "ingress", executable: url, environment: env, logURL: log))
/// try await ReadinessProbe(http: http).waitForReady(child, url: "http://127.0.0.1:\(port)/readyz", port: port)
/// await child.stop(grace: .seconds(10))
/// ```
public final class ChildProcess: Sendable {
    /// How the child was started; a restart uses the same launch.
    public let launch: ChildLaunch
    /// Its process id (also its process group id).
    public let pid: Int32
    private let monitor: ExitMonitor

    /// Its name (``ChildLaunch/name``).
    public var name: String { launch.name }
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
    public static func start(_ launch: ChildLaunch) async throws(LaunchError) -> ChildProcess {
        let path = launch.executable.path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LaunchError(
                .executableMissing,
                "\(launch.executable.lastPathComponent) is missing at \(path): build it first (swift build)")
        }
        let monitor = ExitMonitor()
        let pid: Int32
        do {
            pid = try await ProcessSpawner.shared.run { () throws(LaunchError) -> Int32 in
                try spawn(launch, monitor: monitor)
            }
        } catch let error as LaunchError {
            throw error
        } catch {
            throw LaunchError(.launchFailed, "\(launch.name) could not be started")
        }
        let child = ChildProcess(launch: launch, pid: pid, monitor: monitor)
        ChildRegistry.shared.add(child)
        return child
    }

    /// Runs on the spawner thread: opens the log, starts the process, hands its exit to `monitor`.
    private static func spawn(_ launch: ChildLaunch, monitor: ExitMonitor) throws(LaunchError) -> Int32 {
        let log = try appending(to: launch.logURL)
        defer { try? log.close() }  // the child has its own copy of the descriptor
        var errorFile: FileHandle?
        if case .file(let url) = launch.errors { errorFile = try appending(to: url) }
        defer { try? errorFile?.close() }
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
        switch launch.errors {
        case .log: process.standardError = log
        case .file: process.standardError = errorFile
        case .discard: process.standardError = FileHandle.nullDevice
        case .inherit: break
        }
        process.terminationHandler = { finished in
            let reason: ChildExit.Reason = finished.terminationReason == .uncaughtSignal ? .signalled : .exited
            monitor.finish(ChildExit(reason: reason, status: finished.terminationStatus))
            ChildRegistry.shared.remove(finished.processIdentifier)
        }
        do {
            try process.run()
        } catch {
            throw LaunchError(.launchFailed, "\(launch.name) could not be started: \(error.localizedDescription)")
        }
        monitor.keep(process)
        return process.processIdentifier
    }

    /// A handle appending to the file at `url` (created when missing).
    private static func appending(to url: URL) throws(LaunchError) -> FileHandle {
        do {
            if !FileManager.default.fileExists(atPath: url.path) {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            return handle
        } catch {
            throw LaunchError(.files, "cannot write the log file \(url.path)")
        }
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

    /// Sends SIGKILL to every child this process started that is still running: for a parent about
    /// to exit after an interrupt or a failure (where `setpriv` is missing, children would outlive it).
    public static func killEveryChild() {
        for child in ChildRegistry.shared.running { child.send(SIGKILL) }
    }
}
