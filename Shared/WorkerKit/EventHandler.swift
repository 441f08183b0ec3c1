import Hummingbird
import MessengerPlatform
import ServiceLifecycle

/// What a worker executable provides: the kinds it consumes and how it handles one event.
/// Everything else (consuming, ordering, retries, dead letters, dedupe, ownership, HTTP, shutdown)
/// is the runtime's; see ``buildWorker(configuration:handler:logger:onServerRunning:)``.
public protocol EventHandler: Sendable {
    /// Event kinds (topics) this worker consumes, e.g. `[.messages, .standby, .handovers, .appRole]`.
    var kinds: Set<EventKind> { get }
    /// Whether echoes, reads and deliveries reach ``handle(_:context:)`` (default false: a handler
    /// that sends must never see them — that is how bots loop). The ownership view is updated
    /// either way.
    var receivesPassiveEvents: Bool { get }
    /// Whether records received by any app's webhook reach the handler (default false: a worker
    /// acts only for its own app). Observers such as the audit worker set it.
    var acceptsAllApps: Bool { get }
    /// Handles one event. Throwing a retriable error (`GraphAPIError.isRetriable`, or
    /// ``WorkerError/retry``) retries within the record's turn with backoff; anything else sends
    /// the record to `<topic>.dlq`.
    func handle(_ event: WorkerEvent, context: WorkerContext) async throws
    /// The key under which a handled event is remembered to skip duplicates (default: the event
    /// id). Observers that see one change through several apps' webhooks use a key of the change.
    func deduplicationKey(for event: WorkerEvent) -> String
    /// Extra HTTP routes on the worker's port (the agent API); default none.
    func addRoutes(to router: Router<BasicRequestContext>, runtime: WorkerRuntime)
    /// Background services that run beside the consumer (timers, outboxes) and stop with it on
    /// SIGTERM; default none.
    func services(runtime: WorkerRuntime) -> [any Service]
}

extension EventHandler {
    /// Passive events are not delivered.
    public var receivesPassiveEvents: Bool { false }
    /// Only this worker's app's records are delivered.
    public var acceptsAllApps: Bool { false }
    /// The event id.
    public func deduplicationKey(for event: WorkerEvent) -> String { event.record.id }
    /// No extra routes.
    public func addRoutes(to router: Router<BasicRequestContext>, runtime: WorkerRuntime) {}
    /// No background services.
    public func services(runtime: WorkerRuntime) -> [any Service] { [] }
}
