import Hummingbird
import Logging
import ServiceLifecycle

/// An application of this package (ingress, worker, simulator, desk) running in the test process
/// as its `main.swift` would run it, on a free port, until ``stop()`` shuts it down gracefully.
final class RunningApplication: Sendable {
    /// The bound port.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Builds the application with a callback for its port, runs it, and returns once it listens
    /// (or throws if it stopped first or did not listen within `timeout`).
    static func start<App: ApplicationProtocol>(
        logger: Logger, timeout: Duration = .seconds(30),
        _ build: (_ onServerRunning: @escaping @Sendable (Int) async -> Void) throws -> App
    ) async throws -> RunningApplication {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try build { port in continuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        let port = try await withThrowingTaskGroup(of: Int?.self) { waiters in
            waiters.addTask {
                var iterator = ports.makeAsyncIterator()
                return await iterator.next()
            }
            waiters.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { waiters.cancelAll() }
            return try await waiters.next() ?? nil
        }
        guard let port else {
            task.cancel()
            _ = await task.result
            throw StartFailure()
        }
        return RunningApplication(port: port, group: group, task: task)
    }

    /// Graceful shutdown (what SIGTERM does); returns once stopped.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// The application stopped, or did not listen in time.
    struct StartFailure: Error, CustomStringConvertible {
        var description: String { "the application did not start listening" }
    }
}
