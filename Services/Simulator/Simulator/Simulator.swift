import CurlHTTP
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A local Messenger Platform: the Graph thread-control and Send API endpoints with Meta's rules and
/// errors, a page with apps and roles (the Page Inbox always among them), and signed webhooks to
/// each app. Tests and the local stack talk to it as they would talk to Meta; `/_sim/…` drives the
/// user's and the Page Inbox's side and shows what happened.
///
/// ```swift
/// let simulator = try Simulator(configuration: configuration, logger: logger)
/// try await simulator.makeApplication().runService()
/// ```
/// With `port: 0` the bound port is ``port`` once running (``runningPort()``).
public final class Simulator: Sendable {
    /// The configuration it was built with.
    public let configuration: SimulatorConfiguration
    let logger: Logger
    let page: SimulatedPage
    let faults = Mutex(FaultPlan())
    let stats: SimulatorStats
    let dispatcher: WebhookDispatcher
    private let http: CurlHTTPClient
    private let epochs = Mutex(0)
    private let running = Mutex(RunningState())

    private struct RunningState: Sendable {
        var port: Int?
        var waiters: [Int: CheckedContinuation<Int, any Error>] = [:]
        var nextWaiter = 0
        var stopped = false
    }

    /// Creates a simulator; nothing listens until its application runs.
    public convenience init(configuration: SimulatorConfiguration, logger: Logger) throws {
        let http = CurlHTTPClient(
            configuration: .init(
                maxConnectionsPerHost: 8, connectTimeout: .seconds(5), defaultTimeout: configuration.webhookTimeout,
                userAgent: "facebookexternalua"))
        try self.init(configuration: configuration, logger: logger, http: http)
    }

    private init(configuration: SimulatorConfiguration, logger: Logger, http: CurlHTTPClient) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.http = http
        self.page = SimulatedPage(PageState(configuration: configuration, epoch: 0))
        // The dispatcher reports back into the page; `self` is not available yet, so the closures
        // capture the page itself.
        let page = self.page
        let stats = SimulatorStats()
        self.stats = stats
        self.dispatcher = WebhookDispatcher(
            configuration: configuration,
            transport: CurlWebhookTransport(client: http),
            stats: stats,
            now: { [page] in page.now() },
            report: { [page] ids, epoch, attempt, final in
                page.withLock { state in
                    guard state.epoch == epoch else { return }
                    for id in ids { state.recordAttempt(id, attempt, final: final) }
                }
            },
            logger: logger
        )
    }

    deinit {
        http.shutdown()
    }

    /// Milliseconds since 1970 by the wall clock.
    static func wallClock() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// The bound port once the server runs, else `nil`.
    public var port: Int? {
        running.withLock { $0.port }
    }

    /// Waits until the server listens and returns its port; throws `CancellationError` when the
    /// waiting task is cancelled first.
    public func runningPort() async throws -> Int {
        let id = running.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                // Decided under the lock, so this and the cancellation handler never both resume.
                let immediate = running.withLock { state -> Swift.Result<Int, any Error>? in
                    if let port = state.port { return .success(port) }
                    if state.stopped { return .failure(SimulatorStartError()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = running.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// `http://127.0.0.1:<port>` once running (use as the Graph API base URL).
    public var baseURL: String? {
        port.map { "http://127.0.0.1:\($0)" }
    }

    /// The server ended: callers still waiting for the port get ``SimulatorStartError``.
    func serverStopped() {
        let waiters = running.withLock { state -> [CheckedContinuation<Int, any Error>] in
            state.stopped = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(throwing: SimulatorStartError()) }
    }

    /// Records the bound port and wakes ``runningPort()`` callers.
    func serverStarted(_ channel: any Channel) -> Int? {
        guard let port = channel.localAddress?.port else { return nil }
        let waiters = running.withLock { state -> [CheckedContinuation<Int, any Error>] in
            state.port = port
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: port) }
        logger.info(
            "simulator listening",
            metadata: ["simulator.port": "\(port)", "simulator.mode": "\(configuration.mode.rawValue)"])
        return port
    }

    /// Runs `body` on the page under its lock with the simulator's clock, then hands the webhooks
    /// the operation caused to the dispatcher before the lock is released (so every app receives
    /// events in the order they happened). A throwing operation changes nothing.
    func mutate<Result: Sendable>(_ body: (inout PageState, Int64) throws(GraphError) -> Result) throws(GraphError)
        -> Result
    {
        let outcome: Swift.Result<Result, GraphError> = page.withLock { state in
            let now = state.now
            do throws(GraphError) {
                let result = try body(&state, now)
                let outbox = state.outbox
                state.outbox = []
                dispatcher.enqueue(outbox)
                return .success(result)
            } catch {
                state.outbox = []
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Back to the configured start: no threads, configured roles, no faults, zeroed stats; pending
    /// webhooks are dropped.
    func reset() {
        let epoch = epochs.withLock { value -> Int in
            value += 1
            return value
        }
        dispatcher.startEpoch(epoch)
        page.withLock { state in
            let offset = state.clockOffset
            state = PageState(configuration: configuration, epoch: epoch)
            state.clockOffset = offset
        }
        faults.withLock { $0.clear() }
        stats.reset()
    }
}
