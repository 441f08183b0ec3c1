import Hummingbird
import Logging
import ServiceLifecycle
import WorkerKit

/// A worker application running in this process, as `main.swift` would run it, with the two
/// ways it can stop: gracefully (SIGTERM: drain, commit, leave) or by cancellation (the
/// in-process equivalent of a crash: in-flight records abandoned).
final class RunningWorker: Sendable {
    let runtime: WorkerRuntime
    /// The bound HTTP port.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(runtime: WorkerRuntime, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.runtime = runtime
        self.port = port
        self.group = group
        self.task = task
    }

    static func start(runtime: WorkerRuntime, handler: some EventHandler, logger: Logger) async throws -> RunningWorker
    {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try buildWorker(runtime: runtime, handler: handler) { port in continuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return RunningWorker(runtime: runtime, port: port, group: group, task: task)
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What SIGTERM does: stop fetching, drain, commit, leave the group. Returns once stopped.
    func stopGracefully() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Cancels the worker: in-flight records are abandoned (not committed), as in a crash.
    func crash() async {
        task.cancel()
        _ = try? await task.value
    }
}
