import Foundation
import GraphAPI
import Logging
import MessengerPlatform
import Synchronization

/// Who controls each thread, as far as this worker knows, so that `isThreadOwner` rarely needs a
/// Graph call (frameworks that call `thread_owner` on every check pay a round trip per message).
///
/// Kept from handover events (pass → the new owner; take → the new owner, or the Page's primary
/// when the payload does not say; request → no change) and from this worker's successful
/// thread-control calls; when a thread is unknown, expired or older than the time to live, one
/// `thread_owner` call fills it. Bounded: the threads written longest ago are forgotten first.
public final class ThreadOwnershipView: Sendable {
    /// What the view knows about one thread.
    public struct Entry: Sendable, Hashable {
        /// How an entry was learned.
        public enum Source: String, Sendable, Hashable {
            /// A handover webhook event.
            case event
            /// A successful thread-control call of this worker.
            case call
            /// A `thread_owner` lookup.
            case lookup
        }

        /// The controlling app; nil when the thread is idle or its owner is not known by name.
        public var owner: AppID?
        /// Whether an app this worker cannot name controls the thread (Conversation Routing hides
        /// the owner from apps that are neither the owner nor the default app). Never this app.
        public var ownedByAnotherApp: Bool = false
        /// When control lapses (ms since 1970), when known.
        public var expiration: Int64?
        /// How it was learned.
        public var source: Source
        /// The time of the change it reflects (ms since 1970: the event's timestamp, or the local
        /// clock for calls and lookups). Older news never overwrites newer.
        public var changedAt: Int64
        /// When this worker learned it (local clock, ms since 1970).
        public var learnedAt: Int64
    }

    /// This worker's app.
    public let appID: AppID
    /// How long an entry is trusted without news.
    public let timeToLive: Duration
    private let entries: Mutex<RecencyWindow<ThreadKey, Entry>>
    /// Each Page's primary receiver (default app), from `app_roles` events.
    private let primaries = Mutex<[String: AppID]>([:])
    private let client: @Sendable (String) -> ThreadControlClient
    private let logger: Logger

    /// A view for `appID` keeping at most `capacity` threads; `client` gives the Graph client of a
    /// Page for lookups.
    public init(
        appID: AppID, capacity: Int = 100_000, timeToLive: Duration = .seconds(3600), logger: Logger,
        client: @escaping @Sendable (String) -> ThreadControlClient
    ) {
        self.appID = appID
        self.timeToLive = timeToLive
        self.entries = Mutex(RecencyWindow(capacity: capacity))
        self.client = client
        self.logger = logger
    }

    /// Who controls `thread`: from the view when known and fresh, else from one `thread_owner` call,
    /// which is remembered.
    public func ownership(of thread: ThreadKey) async throws -> ThreadOwnership {
        if let entry = cachedOwner(of: thread) { return entry.ownership }
        let ownership = try await client(thread.pageID).threadOwner(userID: thread.userID)
        let now = Self.nowMilliseconds()
        var entry = Entry(
            owner: ownership.owner?.appID, expiration: ownership.expiration, source: .lookup, changedAt: now,
            learnedAt: now)
        if case .ownedByAnotherApp = ownership { entry.ownedByAnotherApp = true }
        store(entry, for: thread)
        return ownership
    }

    /// The owner of `thread` when it can be named; nil when idle or when another app, which this app
    /// may not see, owns it (``ownership(of:)`` tells the two apart).
    public func owner(of thread: ThreadKey) async throws -> AppID? {
        try await ownership(of: thread).owner?.appID
    }

    /// What the view knows about `thread`, without any network call; nil when unknown, expired or
    /// older than the time to live.
    public func cachedOwner(of thread: ThreadKey) -> Entry? {
        guard let entry = entries.withLock({ $0.value(for: thread) }) else { return nil }
        let now = Self.nowMilliseconds()
        if let expiration = entry.expiration, expiration <= now { return nil }
        guard now - entry.learnedAt < timeToLive.wholeMilliseconds else { return nil }
        return entry
    }

    /// Whether this worker's app controls `thread`; answered from the view when known. A secondary
    /// that may not see the owner (`ownershipNotVisible`) is not the owner.
    public func isThreadOwner(_ thread: ThreadKey) async throws -> Bool {
        do {
            return try await owner(of: thread) == appID
        } catch let error as GraphAPIError where error.kind == .ownershipNotVisible {
            return false
        }
    }

    /// Records that `owner` (nil = idle) controls `thread` since `changedAt` (ms since 1970, default
    /// now). Ignored when the view already holds newer news of the thread.
    public func record(owner: AppID?, for thread: ThreadKey, changedAt: Int64? = nil, expiration: Int64? = nil) {
        let now = Self.nowMilliseconds()
        store(
            Entry(
                owner: owner, expiration: expiration, source: changedAt == nil ? .call : .event,
                changedAt: changedAt ?? now, learnedAt: now),
            for: thread)
    }

    /// Learns from a user's message or postback, or an echo, whichever app's webhook carried it:
    ///
    /// - a user's message or postback in `messaging` goes to the app that controls the thread (under
    ///   Conversation Routing an idle thread has just gone to the default app), so that app owns it;
    /// - one this app received on `standby` means another app owns it;
    /// - an echo of the Page Inbox means the Inbox replied, which under Conversation Routing takes
    ///   control (its `take_thread_control` may reach this worker later, on another topic).
    func observeActivity(_ event: WorkerEvent) {
        guard let thread = event.thread, event.kind == .messages || event.kind == .standby else { return }
        let changedAt = event.record.timestamp ?? event.record.receivedAt
        switch event.type {
        case .message, .postback:
            // Under Conversation Routing control lapses a day after the user's last message; past
            // that the entry is not trusted and the next question asks Meta (in the first
            // generation that lookup simply confirms the owner).
            let lapse = changedAt + MessagingWindow.standard.wholeMilliseconds
            if event.kind == .messages {
                record(owner: event.record.appID, for: thread, changedAt: changedAt, expiration: lapse)
            } else if event.record.appID == appID {
                // A standby copy says another app owns the thread; an owner the view already names
                // stays named.
                let known = cachedOwner(of: thread)
                guard known == nil || known?.owner == appID else { return }
                let now = Self.nowMilliseconds()
                var entry = Entry(owner: nil, expiration: lapse, source: .event, changedAt: changedAt, learnedAt: now)
                entry.ownedByAnotherApp = true
                store(entry, for: thread)
            }
        case .echo:
            if event.messaging?.message?.appID == .pageInbox {
                record(owner: .pageInbox, for: thread, changedAt: changedAt)
            }
        default:
            break
        }
    }

    /// Forgets `thread`: the next question about it asks the Graph API.
    public func forget(_ thread: ThreadKey) {
        entries.withLock { $0.removeValue(for: thread) }
    }

    /// The number of threads known.
    public var count: Int { entries.withLock { $0.count } }

    /// The primary receiver (default app) of `pageID`, when an `app_roles` event named one.
    public func primary(ofPage pageID: String) -> AppID? {
        primaries.withLock { $0[pageID] }
    }

    /// Learns from a handover or `app_roles` event, whichever app's webhook received it.
    func observe(_ event: WorkerEvent) {
        guard let messaging = event.messaging else { return }
        let changedAt = event.record.timestamp ?? event.record.receivedAt
        if let roles = messaging.appRoles {
            let primary = roles.first { $0.value.contains("primary_receiver") }?.key
            primaries.withLock { $0[event.record.pageID] = primary }
            logger.info(
                "app roles changed",
                metadata: [
                    "page.id": "\(event.record.pageID)",
                    "roles": "\(roles.map { "\($0.key)=\($0.value.joined(separator: "+"))" }.sorted())",
                ])
            return
        }
        guard let thread = event.thread else { return }
        if let pass = messaging.passThreadControl {
            record(owner: pass.newOwner, for: thread, changedAt: changedAt)
        } else if let take = messaging.takeThreadControl {
            if let newOwner = take.newOwner ?? primary(ofPage: thread.pageID) {
                record(owner: newOwner, for: thread, changedAt: changedAt)
            } else {
                // Control moved away from the previous owner, to an app the payload does not name.
                entries.withLock { window in
                    if let known = window.value(for: thread), known.changedAt > changedAt { return }
                    window.removeValue(for: thread)
                }
            }
        }
    }

    private func store(_ entry: Entry, for thread: ThreadKey) {
        entries.withLock { window in
            if let known = window.value(for: thread), known.changedAt > entry.changedAt { return }
            window.insert(entry, for: thread)
        }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

extension Duration {
    /// Whole milliseconds (saturating).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000_000_000
    }
}

extension ThreadOwnershipView.Entry {
    /// The entry as the Graph client would say it.
    public var ownership: ThreadOwnership {
        if let owner { return .owned(ThreadOwner(appID: owner, expiration: expiration)) }
        return ownedByAnotherApp ? .ownedByAnotherApp(expiration: expiration) : .idle
    }
}
