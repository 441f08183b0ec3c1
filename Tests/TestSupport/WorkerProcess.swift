import Foundation
import Launcher
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A built executable of this package (`handover-audit-worker`, …) run as a real child process
/// through the `Launcher` library (it dies with the test process), with its standard output
/// written to a log file and read back line by line.
///
/// The binary is looked up next to the running test bundle (`swift build --build-tests` builds
/// every executable into the same directory).
public final class WorkerProcess: Sendable {
    private let child: ChildProcess
    private let folder: URL
    private let output: LogFollower
    private let received = Mutex<[String]>([])

    /// Starts `executable` with `environment` (added to a minimal `PATH`); stderr is passed through
    /// when `WORKER_TEST_STDERR=1`, else discarded.
    public init(executable: String, environment: [String: String]) async throws {
        let passErrors = ProcessInfo.processInfo.environment["WORKER_TEST_STDERR"] == "1"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("worker-process-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let logURL = folder.appendingPathComponent(executable + ".out")
        child = try await ChildProcess.start(
            ChildLaunch(
                name: executable, executable: try Self.executableURL(executable),
                environment: Self.minimalEnvironment(environment), logURL: logURL,
                errors: passErrors ? .inherit : .discard))
        output = LogFollower(logURL)
    }

    /// Runs `executable` with `environment` (added to a minimal `PATH`) until it exits, at most
    /// `timeout` (then it is killed); returns its exit status and what it wrote to stderr.
    public static func run(
        _ executable: String, environment: [String: String], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("worker-run-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let errors = folder.appendingPathComponent("stderr")
        let child = try await ChildProcess.start(
            ChildLaunch(
                name: executable, executable: try executableURL(executable),
                environment: minimalEnvironment(environment),
                logURL: folder.appendingPathComponent("stdout"), errors: .file(errors)))
        var exit = await child.waitForExit(timeout: timeout)
        if exit == nil { exit = await child.stop(grace: .seconds(1)) }
        return (exit?.status ?? -1, String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))
    }

    /// The path of a package executable next to the running test binary.
    public static func executableURL(_ name: String) throws -> URL {
        guard let url = BuildFolder.executable(name) else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSFilePathErrorKey: BuildFolder.own().appendingPathComponent(name).path])
        }
        return url
    }

    private static func minimalEnvironment(_ given: [String: String]) -> [String: String] {
        ["PATH": "/usr/bin:/bin"].merging(given) { _, given in given }
    }

    /// The complete lines written to stdout so far.
    public var lines: [String] {
        let fresh = output.read().map(\.text)
        return received.withLock { lines in
            lines += fresh
            return lines
        }
    }

    /// Waits until at least `count` lines were written or `timeout` passed; returns whether they were.
    public func waitForLines(_ count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while lines.count < count {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: LogFollower.pollInterval)) != nil
            else { return false }
        }
        return true
    }

    /// Waits until the process exited (so every line it wrote is in its log).
    public func waitForEndOfOutput() async {
        _ = await child.waitForExit()
    }

    /// Sends `SIGTERM` and waits (at most `timeout`, then `SIGKILL`) for the exit status (the signal
    /// number when a signal ended it).
    public func terminate(timeout: Duration = .seconds(30)) async -> Int32 {
        await child.stop(grace: timeout).status
    }

    deinit {
        child.send(SIGKILL)
        try? FileManager.default.removeItem(at: folder)
    }
}
