import Foundation
import Launcher

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL server for one test or benchmark run: Debian's `postgresql` binaries (installed by
/// scripts/install-deps), `initdb` into a fresh temporary folder, listening on loopback on a free
/// port, as an unprivileged user (the `postgres` system user when the tests run as root: the
/// server refuses root). It dies with the test process (parent-death signal) and ``stop()``
/// removes its folder.
///
/// ```swift
/// let server = try await PostgresServer.start()
/// defer { server.stop() }
/// let store = try await DeskStore.open(url: server.url, logger: logger)
/// ```
public final class PostgresServer: Sendable {
    /// `postgres://handover@127.0.0.1:<port>/postgres?sslmode=disable` (trust authentication on loopback).
    public let url: String
    /// The TCP port.
    public let port: Int
    private let folder: URL
    private let process: ChildProcess

    /// Why a server could not start.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts a server and waits until it accepts connections.
    public static func start(timeout: Duration = .seconds(60)) async throws -> PostgresServer {
        guard let bin = binaries() else {
            throw StartError(
                description:
                    "PostgreSQL's server binaries are missing (no /usr/lib/postgresql/*/bin/postgres): run scripts/install-deps"
            )
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "handover-pg-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let runAs = getuid() == 0 ? "postgres" : nil
        if let runAs { try run("/bin/chown", ["-R", "\(runAs):\(runAs)", folder.path]) }
        try run(
            bin + "/initdb",
            ["-D", data.path, "-U", "handover", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
            as: runAs)
        let port = try PortProbe.kernelAssignedPort()
        // Started by the launcher's spawner thread with a parent-death signal; an inner setpriv
        // switches to the unprivileged user and sets the signal again (a change of user clears it).
        var arguments = [String]()
        if let runAs { arguments += ["--reuid=\(runAs)", "--regid=\(runAs)", "--init-groups", "--pdeathsig", "KILL"] }
        arguments += [
            bin + "/postgres", "-D", data.path, "-p", String(port), "-k", folder.path,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "shared_buffers=16MB", "-c", "max_connections=50",
        ]
        let log = folder.appendingPathComponent("server.log")
        let process: ChildProcess
        do {
            process = try await ChildProcess.start(
                ChildLaunch(
                    name: "postgres",
                    executable: URL(fileURLWithPath: runAs == nil ? bin + "/postgres" : "/usr/bin/setpriv"),
                    arguments: runAs == nil ? Array(arguments.dropFirst()) : arguments,
                    environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], logURL: log))
        } catch {
            throw StartError(description: "PostgreSQL could not be started: \(error)")
        }
        let server = PostgresServer(port: port, folder: folder, process: process)
        let deadline = ContinuousClock.now + timeout
        while (try? run(bin + "/pg_isready", ["-h", "127.0.0.1", "-p", String(port), "-q"])) == nil {
            guard process.isRunning, ContinuousClock.now < deadline else {
                let tail = (try? String(contentsOf: log, encoding: .utf8))?.suffix(2000) ?? ""
                server.stop()
                throw StartError(description: "PostgreSQL did not start on port \(port):\n\(tail)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return server
    }

    private init(port: Int, folder: URL, process: ChildProcess) {
        self.port = port
        self.folder = folder
        self.process = process
        url = "postgres://handover@127.0.0.1:\(port)/postgres?sslmode=disable"
    }

    /// Stops the server (fast shutdown: sessions are cut; SIGKILL after 15 s) and removes its
    /// folder. Blocks until the server is gone, so it can run in a `defer`.
    public func stop() {
        if process.isRunning {
            process.send(SIGINT)
            let deadline = ContinuousClock.now + .seconds(15)
            while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
            if process.isRunning { process.send(SIGKILL) }
            while process.isRunning { usleep(20_000) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The newest installed server's binaries.
    public static func binaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/postgres") }
    }

    /// Runs a command to its end; throws with its output when it fails.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> String {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--init-groups", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StartError(description: "\(executable) failed (\(process.terminationStatus)): \(text)")
        }
        return text
    }
}
