import Foundation
import Launcher

/// tansu (an independent, Apache-Kafka-compatible broker written in Rust; memory storage) as a child
/// process listening on loopback. The local stack starts it for `--broker tansu`; the tests start one
/// per test broker when `TEST_KAFKA_BROKER=tansu`.
///
/// tansu starts in milliseconds, keeps everything in memory and needs librdkafka 2.2 or newer on the
/// client side. What it does differently from Apache Kafka that this project met is in the README
/// ("Brokers").
public enum TansuBroker {
    /// The variable naming the tansu binary, when it is not in `.deps/bin`.
    public static let executableVariable = "TANSU_BIN"

    /// Where tansu is: `TANSU_BIN`, else `.deps/bin/tansu` under any of `folders` or their parents
    /// (`scripts/install-deps` puts it there), else `tansu` on `PATH`.
    public static func locateExecutable(searching folders: [URL]) -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[executableVariable], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for start in folders + [current] {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent(".deps/bin/tansu")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("tansu")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// librdkafka properties for tansu's clients: tansu 0.6's memory storage numbers a produced batch
    /// with one offset instead of one per record, so producers send one record per batch and the
    /// offsets, committed positions and watermarks come out as Apache Kafka's would.
    public static let clientProperties = ["batch.num.messages": "1"]

    /// The launch of tansu on `host:port` with memory storage; its output goes to `logURL`.
    public static func launch(
        executable: URL, host: String, port: Int, logURL: URL, environment: [String: String]
    ) -> ChildLaunch {
        let listener = "tcp://\(host):\(port)"
        return ChildLaunch(
            name: "tansu", executable: executable,
            arguments: [
                "broker", "--listener-url", listener, "--advertised-listener-url", listener,
                "--storage-engine", "memory://tansu/",
            ],
            environment: environment, logURL: logURL)
    }

    /// Starts tansu on a port the kernel picks (``PortProbe/kernelAssignedPort(host:)``: never one of
    /// the ports the local stacks reserve for restarts) and waits until it listens (at most `timeout`).
    /// Returns the process and its bootstrap address.
    public static func start(
        executable: URL, host: String = "127.0.0.1", logURL: URL, environment: [String: String] = [:],
        timeout: Duration = .seconds(60)
    ) async throws(StackError) -> (process: ChildProcess, bootstrapServers: String) {
        let probe = ReadinessProbe(timeout: timeout)
        var lastError: LaunchError?
        // The kernel may hand the port to an outgoing connection before tansu binds it: try a few.
        for _ in 0..<3 {
            do throws(LaunchError) {
                let port = try PortProbe.kernelAssignedPort(host: host)
                let child = try await ChildProcess.start(
                    launch(executable: executable, host: host, port: port, logURL: logURL, environment: environment))
                do throws(LaunchError) {
                    try await probe.waitUntilListening(child, port: port)
                    return (child, "\(host):\(port)")
                } catch {
                    await child.stop(grace: .seconds(2))
                    throw error
                }
            } catch {
                guard error.kind == .exitedEarly || error.kind == .notReady else { throw StackError(error) }
                lastError = error
            }
        }
        throw lastError.map(StackError.init) ?? StackError(.launch(.launchFailed), "tansu could not be started")
    }
}
