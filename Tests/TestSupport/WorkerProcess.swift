import Foundation
import Synchronization

/// A built executable of this package (`handover-audit-worker`, …) run as a real child process,
/// with its standard output collected line by line.
///
/// The binary is looked up next to the running test bundle (`swift build --build-tests` builds
/// every executable into the same directory).
public final class WorkerProcess: Sendable {
    private struct Output {
        var lines: [String] = []
        var partial: [UInt8] = []
        var waiters: [(id: Int, count: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
        var ended = false
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// State the pipe and termination handlers share with the object (they cannot capture `self`
    /// before `init` ends, and a `Mutex` cannot be copied).
    private final class Shared: Sendable {
        let output = Mutex(Output())
        let exit = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
    }

    private let process: Process
    private let shared = Shared()

    /// Starts `executable` with `environment` (added to a minimal `PATH`); stderr is passed through
    /// when `WORKER_TEST_STDERR=1`, else discarded.
    public init(executable: String, environment: [String: String]) throws {
        let url = try Self.executableURL(executable)
        process = Process()
        process.executableURL = url
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, given in given }
        let stdout = Pipe()
        process.standardOutput = stdout
        if ProcessInfo.processInfo.environment["WORKER_TEST_STDERR"] != "1" {
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        }
        let shared = self.shared
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else {
                handle.readabilityHandler = nil
                let waiters = shared.output.withLock { state in
                    state.ended = true
                    defer { state.endWaiters = [] }
                    return state.endWaiters
                }
                for waiter in waiters { waiter.resume() }
                return
            }
            shared.output.withLock { state in
                state.partial += chunk
                while let newline = state.partial.firstIndex(of: 0x0A) {
                    state.lines.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                    state.partial.removeSubrange(...newline)
                }
                let count = state.lines.count
                state.waiters.removeAll { waiter in
                    guard count >= waiter.count else { return false }
                    waiter.continuation.resume(returning: true)
                    return true
                }
            }
        }
        process.terminationHandler = { process in
            let status = process.terminationStatus
            let waiters = shared.exit.withLock { state in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
        try process.run()
    }

    /// The path of a package executable next to the running test binary.
    public static func executableURL(_ name: String) throws -> URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        // On macOS the test binary sits inside `X.xctest/Contents/MacOS`.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS"
            || directory.lastPathComponent == "Contents"
        {
            directory = directory.deletingLastPathComponent()
        }
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }

    /// The complete lines written to stdout so far.
    public var lines: [String] { shared.output.withLock { $0.lines } }

    /// Waits until at least `count` lines were written or `timeout` passed; returns whether they were.
    public func waitForLines(_ count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        let id = shared.output.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task { [shared] in
            try? await Task.sleep(for: timeout)
            shared.output.withLock { state in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    state.waiters.remove(at: index).continuation.resume(returning: false)
                }
            }
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            shared.output.withLock { state in
                if state.lines.count >= count {
                    continuation.resume(returning: true)
                } else {
                    state.waiters.append((id, count, continuation))
                }
            }
        }
    }

    /// Waits until the process closed its standard output (it exited) and every line was read.
    public func waitForEndOfOutput() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended = shared.output.withLock { state in
                if !state.ended { state.endWaiters.append(continuation) }
                return state.ended
            }
            if ended { continuation.resume() }
        }
    }

    /// Sends `SIGTERM` and waits (at most `timeout`, then `SIGKILL`) for the exit status.
    public func terminate(timeout: Duration = .seconds(30)) async -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let killer = Task { [process] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        defer { killer.cancel() }
        return await withCheckedContinuation { continuation in
            let status = shared.exit.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
