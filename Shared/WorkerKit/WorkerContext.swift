import GraphAPI
import Logging
import MessengerPlatform
import Metrics
import ServiceKit

/// What a handler gets with each event: its app, the Graph client of the event's Page, the
/// ownership view, a logger with the thread key and event id, the metrics factory, and
/// ``once(_:_:)`` for side effects that must not be repeated.
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
    /// The id of the event being handled; nil outside the event flow (an agent API request).
    public let eventID: String?
    let runtime: WorkerRuntime

    init(runtime: WorkerRuntime, pageID: String, eventID: String?, logger: Logger) {
        self.appID = runtime.configuration.appID
        self.eventID = eventID
        self.client = runtime.clientOrUnconfigured(forPage: pageID)
        self.ownership = runtime.ownership
        self.logger = logger
        self.metrics = runtime.metrics.factory
        self.runtime = runtime
    }

    /// Does the side effect `step` (a name unique within the handling of one event, without
    /// `:`) of the current event once. It is skipped when already done:
    /// - by an earlier attempt of this record (the reply went out, then the pass failed);
    /// - before a crash, for a message sent with the `metadata` that `body` receives: on
    ///   assignment the runtime reads ahead to the echoes of this app's messages, whose metadata
    ///   names the event and step, so records handled but not committed are not answered twice.
    ///
    /// Put `metadata` on the message `body` sends (or on the thread-control call it makes).
    /// Outside the event flow `body` runs with nil metadata and nothing is remembered.
    public func once(_ step: String, _ body: (_ metadata: String?) async throws -> Void) async throws {
        precondition(!step.isEmpty && !step.contains(":"), "a side-effect step name is non-empty and has no ':'")
        guard let eventID else { return try await body(nil) }
        let tag = SideEffectTag(eventID: eventID, step: step)
        if runtime.sideEffects.contains(tag) {
            logger.debug("side effect already done; skipped", metadata: ["worker.step": "\(step)"])
            return
        }
        try await body(tag.description)
        runtime.sideEffects.record(tag)
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

    /// Shows typing or marks the user's message seen in `thread` (only the owner may).
    public func sendAction(_ action: SenderAction, in thread: ThreadKey, personaID: String? = nil) async throws {
        try await client(for: thread).sendAction(action, to: thread.userID, personaID: personaID)
    }
}
