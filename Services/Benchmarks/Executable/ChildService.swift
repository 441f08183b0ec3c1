import CurlHTTP
import Foundation

/// One service executable run as a child process for the stack benchmarks: its output lines are
/// kept with the time each arrived (and written to a log file), so a benchmark can wait for a line
/// or time an event from the logs; its memory is read from `/proc`.
///
/// Every child is registered in ``ChildService/all`` so an interrupted benchmark can stop them.
final class ChildService: @unchecked Sendable {
    /// One line of output and when it arrived.
    struct Line: Sendable {
        var at: ContinuousClock.Instant
        var text: String
    }

    let name: String
    let process: Process
    private let lock = NSLock()
    private var lines: [Line] = []
    private var partial: [String: [UInt8]] = [:]
    private var waiters:
        [(id: Int, match: @Sendable (String) -> Bool, continuation: CheckedContinuation<Line, any Error>)] = []
    private var nextWaiter = 0
    private var exited = false
    /// The log file; written and closed under `lock`, since the pipe handlers may still deliver
    /// output after the process exited.
    private var log: FileHandle?

    /// Every child started and not yet reaped, for the interrupt handler.
    static let all = ResultBox<[Int32: ChildService]>([:])

    /// Starts `executable` with `environment` (added to this process's), logging to `logPath`.
    init(name: String, executable: String, environment: [String: String], logPath: String) throws {
        self.name = name
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchError(
                "\(executable) is missing: build it first (scripts/bench builds every service in release mode)")
        }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)  // a failure shows as a nil handle below
        log = FileHandle(forWritingAtPath: logPath)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        for (stream, pipe) in [("out", output), ("err", errors)] {
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    return
                }
                self.receive(Array(data), stream: stream)
            }
        }
        process.terminationHandler = { [weak self] _ in self?.processExited() }
        try process.run()
        Self.all.update { $0[process.processIdentifier] = self }
    }

    var pid: Int32 { process.processIdentifier }

    var isRunning: Bool { process.isRunning }

    /// Memory figures now, `nil` once the process is gone.
    var memory: ProcessMemory? { ProcessMemory.read(pid: pid) }

    private func receive(_ bytes: [UInt8], stream: String) {
        lock.withLock { log?.write(Data(bytes)) }
        let now = ContinuousClock.now
        var ready: [(Line, CheckedContinuation<Line, any Error>)] = []
        lock.withLock {
            var buffer = partial[stream, default: []] + bytes
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Line(at: now, text: String(decoding: buffer[..<newline], as: UTF8.self))
                buffer.removeSubrange(...newline)
                lines.append(line)
                waiters.removeAll { waiter in
                    guard waiter.match(line.text) else { return false }
                    ready.append((line, waiter.continuation))
                    return true
                }
            }
            partial[stream] = buffer
        }
        for (line, continuation) in ready { continuation.resume(returning: line) }
    }

    private func processExited() {
        let pending = lock.withLock { () -> [CheckedContinuation<Line, any Error>] in
            exited = true
            defer { waiters = [] }
            return waiters.map(\.continuation)
        }
        let status = process.terminationStatus
        for continuation in pending {
            continuation.resume(
                throwing: BenchError("\(name) exited (status \(status)) before the expected output; see its log"))
        }
        Self.all.update { $0[process.processIdentifier] = nil }
    }

    /// The first line (already received or to come) for which `match` holds, within `timeout`.
    func waitForLine(
        timeout: Duration, after: ContinuousClock.Instant? = nil, _ match: @escaping @Sendable (String) -> Bool
    ) async throws -> Line {
        let id = lock.withLock { () -> Int in
            nextWaiter += 1
            return nextWaiter
        }
        return try await withThrowingTaskGroup(of: Line.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    let immediate: Result<Line, any Error>? = self.lock.withLock {
                        if let line = self.lines.first(where: { line in
                            (after.map { line.at >= $0 } ?? true) && match(line.text)
                        }) {
                            return .success(line)
                        }
                        if self.exited { return .failure(BenchError("\(self.name) is not running; see its log")) }
                        self.waiters.append((id, match, continuation))
                        return nil
                    }
                    if let immediate { continuation.resume(with: immediate) }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw BenchError("\(self.name): no expected output within \(timeout)")
            }
            defer {
                group.cancelAll()
                let stale = self.lock.withLock { () -> CheckedContinuation<Line, any Error>? in
                    guard let index = self.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return self.waiters.remove(at: index).continuation
                }
                stale?.resume(throwing: CancellationError())
            }
            return try await group.next()!
        }
    }

    /// Polls `url` until it answers 200 (readiness), within `timeout`.
    func waitUntilReady(url: String, http: CurlHTTPClient, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard isRunning else { throw BenchError("\(name) exited while starting; see its log") }
            if let response = try? await http.execute(CurlRequest(url: url, timeout: .seconds(2))),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("\(name) did not become ready within \(timeout)")
    }

    /// Sends `signal` (SIGTERM, SIGKILL).
    func signal(_ signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL if it has not exited after `grace`.
    func stop(grace: Duration = .seconds(10)) async {
        signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            signal(SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
        lock.withLock {
            try? log?.close()
            log = nil
        }
    }

    /// Kills every child still running (interrupt or failure).
    static func killAll() {
        for child in all.value.values { child.signal(SIGKILL) }
    }
}

/// Picks free TCP ports on 127.0.0.1 by binding port 0 (the port is free again right after, so
/// another process could take it first; on this machine that is unlikely).
enum FreePort {
    static func next() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw BenchError("cannot bind a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
