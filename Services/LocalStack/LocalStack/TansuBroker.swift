import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
            service: .devbroker, executable: executable,
            arguments: [
                "broker", "--listener-url", listener, "--advertised-listener-url", listener,
                "--storage-engine", "memory://tansu/",
            ],
            environment: environment, logURL: logURL)
    }

    /// A port the kernel picks from its ephemeral range (bind to port 0, read it, close). Not the
    /// range below it, from which the local stacks take their fixed ports
    /// (``StackPorts/ephemeral(host:)``): a broker must never take a port a stack has reserved for
    /// a restart. The kernel may hand the port to an outgoing connection before tansu binds it;
    /// ``start(executable:host:logURL:environment:timeout:)`` then tries another.
    public static func freePort(host: String) throws(StackError) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StackError(.portProbe, "socket() failed (errno \(errno))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw StackError(.portProbe, "\(host) is not an IPv4 address")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw StackError(.portProbe, "no free port on \(host) (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts tansu on a free port of `host` and waits until it listens (at most `timeout`).
    /// Returns the process and its bootstrap address.
    public static func start(
        executable: URL, host: String = "127.0.0.1", logURL: URL, environment: [String: String] = [:],
        timeout: Duration = .seconds(20)
    ) async throws(StackError) -> (process: ChildProcess, bootstrapServers: String) {
        var lastError: StackError?
        // A port can be taken between the check and tansu's bind (another program): try a few.
        for _ in 0..<3 {
            let port = try freePort(host: host)
            let child = try await ChildProcess.start(
                launch(executable: executable, host: host, port: port, logURL: logURL, environment: environment))
            do throws(StackError) {
                try await waitUntilListening(child, port: port, timeout: timeout)
                return (child, "\(host):\(port)")
            } catch {
                lastError = error
                await child.stop(grace: .seconds(2))
            }
        }
        throw lastError ?? StackError(.launchFailed, "tansu could not be started")
    }

    /// Waits until `child` itself listens on `port` (read from `/proc`, so another program on the
    /// port does not count).
    static func waitUntilListening(_ child: ChildProcess, port: Int, timeout: Duration) async throws(StackError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause: Duration = .milliseconds(5)
        while !ListeningSockets.process(child.pid, listensOn: port) {
            if let exit = child.exit {
                throw StackError(
                    .exitedEarly,
                    "tansu \(exit) before it listened on port \(port); its log: \(child.logURL.path)\n"
                        + LogTail.lines(of: child.logURL, count: 10))
            }
            guard clock.now < deadline else {
                throw StackError(
                    .notReady, "tansu did not listen on port \(port) in time; its log: \(child.logURL.path)")
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
        }
    }
}
