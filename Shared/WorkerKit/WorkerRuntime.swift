import CurlHTTP
import GraphAPI
import Logging
import MessengerPlatform
import ServiceKit

/// The shared parts of one running worker: configuration, metrics, the HTTP client, one Graph
/// client per Page, and the ownership view. Handler routes (the agent API) get it to act on
/// threads outside the event flow.
public final class WorkerRuntime: Sendable {
    /// The configuration the worker runs with.
    public let configuration: WorkerConfiguration
    /// The service's metrics registry and factory (`/metrics`).
    public let metrics: ServiceMetrics
    /// The one libcurl multi handle every Graph client shares.
    public let http: CurlHTTPClient
    /// Cached thread owners.
    public let ownership: ThreadOwnershipView
    /// When each user last wrote: the messaging window of each thread (``MessagingWindow``).
    public let userActivity: UserActivityView
    /// The worker's logger.
    public let logger: Logger
    let workerMetrics: WorkerMetrics
    /// Side effects done for recent events (``WorkerContext/once(_:_:)``).
    let sideEffects: SideEffectLedger
    private let clients: [String: ThreadControlClient]

    /// A runtime for `configuration`; the HTTP client keeps one connection per concurrent record.
    public init(configuration: WorkerConfiguration, logger: Logger, metrics: ServiceMetrics = ServiceMetrics()) {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let http = CurlHTTPClient(
            configuration: .init(
                maxConnectionsPerHost: max(8, configuration.concurrency),
                defaultTimeout: configuration.graph.timeout + .seconds(1),
                userAgent: configuration.serviceName))
        self.http = http
        self.workerMetrics = WorkerMetrics(factory: metrics.factory, groupID: configuration.groupID)
        self.sideEffects = SideEffectLedger(capacity: max(1, configuration.dedupeWindow))
        var graph = configuration.graph
        graph.appID = configuration.appID
        graph.appSecret = configuration.appSecret.value
        var clients: [String: ThreadControlClient] = [:]
        for page in configuration.pages {
            clients[page.pageID] = ThreadControlClient(
                configuration: graph, page: page, http: http, metrics: metrics.factory, logger: logger)
        }
        self.clients = clients
        let unconfigured = UnconfiguredPages(graph: graph, http: http, metrics: metrics, logger: logger)
        self.userActivity = UserActivityView(capacity: configuration.ownershipCacheSize)
        self.ownership = ThreadOwnershipView(
            appID: configuration.appID, capacity: configuration.ownershipCacheSize,
            timeToLive: configuration.ownershipTimeToLive, logger: logger,
            client: { [clients] pageID in clients[pageID] ?? unconfigured.client(forPage: pageID) })
        self.unconfigured = unconfigured
    }

    private let unconfigured: UnconfiguredPages

    /// The Graph client of `pageID`, when the worker has its access token.
    public func client(forPage pageID: String) -> ThreadControlClient? {
        clients[pageID]
    }

    /// The Graph client of `pageID`; for a Page without a configured token, a client whose calls
    /// fail with an authentication error (so a record of a foreign Page dead-letters instead of
    /// crashing the worker).
    func clientOrUnconfigured(forPage pageID: String) -> ThreadControlClient {
        clients[pageID] ?? unconfigured.client(forPage: pageID)
    }

    /// A context for acting on `thread` outside the event flow (e.g. an agent API request).
    public func context(for thread: ThreadKey, logger: Logger? = nil) -> WorkerContext {
        var logger = logger ?? self.logger
        logger[metadataKey: "thread.key"] = .string(thread.description)
        return WorkerContext(runtime: self, pageID: thread.pageID, eventID: nil, logger: logger)
    }
}
