import GraphAPI
import Logging
import MessengerPlatform
import Metrics
import ServiceKit

/// What a handler gets with each event: its app, the Graph client of the event's Page, the
/// ownership view, a logger with the thread key and event id, and the metrics factory.
///
/// Prefer the helpers below to calling `client` directly for thread control: they also count
/// `handovers_total{type}` and keep the ownership view current, so later `isThreadOwner` checks
/// need no Graph call.
public struct WorkerContext: Sendable {
    /// This worker's app.
    public let appID: AppID
    /// The Graph client for the event's Page.
    public let client: ThreadControlClient
    /// Cached thread owners.
    public let ownership: ThreadOwnershipView
    /// A logger with `thread.key` and `event.id` metadata.
    public let logger: Logger
    /// The service's metrics factory, for a handler's own metrics.
    public let metrics: any MetricsFactory
    let runtime: WorkerRuntime

    init(runtime: WorkerRuntime, pageID: String, logger: Logger) {
        self.appID = runtime.configuration.appID
        self.client = runtime.clientOrUnconfigured(forPage: pageID)
        self.ownership = runtime.ownership
        self.logger = logger
        self.metrics = runtime.metrics.factory
        self.runtime = runtime
    }

    private func client(for thread: ThreadKey) -> ThreadControlClient {
        thread.pageID == client.page.pageID ? client : runtime.clientOrUnconfigured(forPage: thread.pageID)
    }

    /// Passes control of `thread` to `app`; on success the view records `app` as owner.
    public func passThreadControl(_ thread: ThreadKey, to app: AppID, metadata: String? = nil) async throws {
        try await client(for: thread).passThreadControl(userID: thread.userID, to: app, metadata: metadata)
        ownership.record(owner: app, for: thread)
        runtime.workerMetrics.handover(EventType.passThreadControl.rawValue)
    }

    /// Takes control of `thread`; on success the view records the owner Meta reports (this app
    /// when it reports none).
    public func takeThreadControl(_ thread: ThreadKey, metadata: String? = nil) async throws {
        let owner = try await client(for: thread).takeThreadControl(userID: thread.userID, metadata: metadata)
        ownership.record(owner: owner?.appID ?? appID, for: thread, expiration: owner?.expiration)
        runtime.workerMetrics.handover(EventType.takeThreadControl.rawValue)
    }

    /// Asks the primary (default) app for control of `thread`; ownership does not change yet.
    public func requestThreadControl(_ thread: ThreadKey, metadata: String? = nil) async throws {
        try await client(for: thread).requestThreadControl(userID: thread.userID, metadata: metadata)
        runtime.workerMetrics.handover(EventType.requestThreadControl.rawValue)
    }

    /// Releases control of `thread` (Conversation Routing); on success the view records it idle.
    public func releaseThreadControl(_ thread: ThreadKey, metadata: String? = nil) async throws {
        try await client(for: thread).releaseThreadControl(userID: thread.userID, metadata: metadata)
        ownership.record(owner: nil, for: thread)
        runtime.workerMetrics.handover("release_thread_control")
    }

    /// Extends this app's control of `thread` by `duration` (Conversation Routing, at most 7 days).
    public func extendThreadControl(_ thread: ThreadKey, duration: Duration) async throws {
        try await client(for: thread).extendThreadControl(userID: thread.userID, duration: duration)
        runtime.workerMetrics.handover("extend_thread_control")
    }

    /// Sends `text` to the user of `thread`.
    @discardableResult
    public func sendText(_ text: String, to thread: ThreadKey, metadata: String? = nil) async throws -> SentMessage {
        try await send(OutgoingMessage(recipientID: thread.userID, text: text, metadata: metadata), in: thread)
    }

    /// Sends `message` in `thread`; a `thread_control` directive on it updates the view like the
    /// matching call does.
    @discardableResult
    public func send(_ message: OutgoingMessage, in thread: ThreadKey) async throws -> SentMessage {
        let sent = try await client(for: thread).send(message)
        switch message.threadControl {
        case .pass(let app)?:
            if let app { ownership.record(owner: app, for: thread) } else { ownership.forget(thread) }
            runtime.workerMetrics.handover(EventType.passThreadControl.rawValue)
        case .release?:
            ownership.record(owner: nil, for: thread)
            runtime.workerMetrics.handover("release_thread_control")
        case nil:
            break
        }
        return sent
    }
}
