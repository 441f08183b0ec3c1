import HTTPTypes
import SimulatorClient

/// The simulated page: its apps and roles, every thread with its owner and history, and the
/// webhook deliveries made. A value type mutated under one lock by ``Simulator``; each operation
/// either throws the Meta error that rule violation gets (changing nothing) or applies completely
/// and leaves the webhooks it caused in ``outbox``, which the caller hands to the dispatcher before
/// releasing the lock, so events reach every app in the order they happened.
struct PageState: Sendable {
    typealias App = SimulatorConfiguration.App
    typealias Role = App.Role

    let configuration: SimulatorConfiguration
    let payload: WebhookPayload
    /// The apps with their current roles, in configuration order.
    private(set) var apps: [App]
    private(set) var threads: [String: SimulatedThread] = [:]
    /// Thread ids in order of creation (for listing).
    private(set) var threadOrder: [String] = []
    private(set) var deliveries: [Int: DeliveryRecord] = [:]
    /// Page-level history (role changes).
    private(set) var pageLog: [TranscriptEntry] = []
    /// Webhooks caused by the last operations, not yet handed to the dispatcher.
    var outbox: [WebhookDelivery] = []
    /// Added to the wall clock: `POST /_sim/clock` moves time forward without waiting.
    var clockOffset: Int64 = 0
    /// Deliveries of older generations are dropped by the dispatcher.
    let epoch: Int
    private var nextSequence = 1
    private var nextDeliveryID = 1
    private var takeCount = 0

    init(configuration: SimulatorConfiguration, epoch: Int) {
        self.configuration = configuration
        self.payload = WebhookPayload(pageID: configuration.pageID, idStyle: configuration.idStyle)
        self.epoch = epoch
        var apps = configuration.effectiveApps
        // The default app of Conversation Routing takes the primary's place (docs/protocol.md, "Two generations").
        if let defaultIndex = apps.firstIndex(where: \.isDefault) {
            for index in apps.indices where apps[index].role == .primary && index != defaultIndex {
                apps[index].role = .secondary
            }
            apps[defaultIndex].role = .primary
        }
        self.apps = apps
    }

    /// The simulator's clock: wall clock plus the `POST /_sim/clock` advance (ms since 1970).
    var now: Int64 { Simulator.wallClock() + clockOffset }

    // MARK: Apps and roles

    func app(_ id: String) -> App? { apps.first { $0.id == id } }

    func role(of id: String) -> Role { app(id)?.role ?? .none }

    /// The primary receiver, which is also the default app.
    var primaryID: String? { apps.first { $0.role == .primary }?.id }

    /// The app an idle thread goes to when the user writes: the primary in handover mode; under
    /// Conversation Routing the default app, when the page has one.
    var defaultAppID: String? {
        configuration.mode == .routing && !configuration.hasDefaultApp ? nil : primaryID
    }

    /// The app whose token this is.
    func app(forToken token: String) -> App? {
        apps.first { $0.pageAccessToken == token }
    }

    /// Throws 2018171 unless the caller has a handover role.
    func requireRole(_ caller: String) throws(GraphError) {
        guard role(of: caller) != .none else { throw GraphError.noRole }
    }

    /// The app a control call names as target: known and with a role, else 2018164.
    func targetApp(_ raw: JSONValue?) throws(GraphError) -> String {
        guard let id = raw?.stringValue, !id.isEmpty else {
            throw GraphError.invalidParameter("param target_app_id must be a valid app id")
        }
        guard role(of: id) != .none else { throw GraphError.invalidTargetApp }
        return id
    }

    /// Changes roles (ids not mentioned keep theirs). At most one primary may remain.
    mutating func setRoles(_ changes: [(String, Role)]) throws(GraphError) {
        var updated = apps
        for (id, role) in changes {
            guard let index = updated.firstIndex(where: { $0.id == id }) else { throw GraphError.invalidTargetApp }
            updated[index].role = role
        }
        guard updated.filter({ $0.role == .primary }).count <= 1 else {
            throw GraphError.control(.badRequest, "a page has at most one primary receiver")
        }
        apps = updated
    }

    // MARK: Threads

    /// The thread of `psid` after applying any lapse of control; 2018001 when the user is unknown.
    mutating func existingThread(_ psid: String, now: Int64) throws(GraphError) -> SimulatedThread {
        guard threads[psid] != nil else { throw GraphError.noMatchingUser }
        expireIfDue(psid, now: now)
        return threads[psid]!
    }

    /// Creates the thread of a user writing for the first time: held by the primary in handover
    /// mode, idle under Conversation Routing.
    mutating func ensureThread(_ psid: String, now: Int64) {
        if threads[psid] == nil {
            let owner = configuration.mode == .handover ? primaryID : nil
            threads[psid] = SimulatedThread(psid: psid, owner: owner)
            threadOrder.append(psid)
            if let owner {
                record(psid, now: now, TranscriptLine(kind: .control, action: "initial", owner: owner))
            }
        }
        expireIfDue(psid, now: now)
    }

    /// Conversation Routing: control lapses at the expiration; the thread becomes idle (no webhook).
    mutating func expireIfDue(_ psid: String, now: Int64) {
        guard let thread = threads[psid], let owner = thread.owner, let expiration = thread.expiration,
            now >= expiration
        else { return }
        threads[psid]!.owner = nil
        threads[psid]!.expiration = nil
        record(psid, now: expiration, TranscriptLine(kind: .control, action: "expired", from: owner))
    }

    /// Gives the thread to `owner` (or makes it idle). A new owner starts without the previous
    /// owner's extension; its control lapses an idle timeout after the user's last message.
    mutating func setOwner(_ owner: String?, of psid: String, now: Int64) {
        threads[psid]!.owner = owner
        threads[psid]!.extendedUntil = nil
        refreshExpiration(psid, now: now)
        if owner == App.pageInboxID || owner == nil { threads[psid]!.pendingInboxRequest = false }
    }

    /// The user wrote: the messaging window and the idle timer start again.
    mutating func userWrote(_ psid: String, now: Int64) {
        threads[psid]!.lastUserMessageAt = now
        refreshExpiration(psid, now: now)
    }

    /// Conversation Routing: the owner keeps control until `until` at least (`extend_thread_control`).
    mutating func extendControl(of psid: String, until: Int64, now: Int64) {
        threads[psid]!.extendedUntil = max(threads[psid]!.extendedUntil ?? 0, until)
        refreshExpiration(psid, now: now)
    }

    /// Conversation Routing: an owned thread lapses an idle timeout after the user's last message
    /// (only user messages count), or at the owner's extension if later. Handover mode: never.
    private mutating func refreshExpiration(_ psid: String, now: Int64) {
        guard configuration.mode == .routing, let thread = threads[psid], thread.owner != nil else {
            threads[psid]?.expiration = nil
            return
        }
        let timeout = configuration.idleTimeout.components
        let milliseconds = timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000
        let idleAt = (thread.lastUserMessageAt ?? now) + milliseconds
        threads[psid]!.expiration = max(idleAt, thread.extendedUntil ?? 0)
    }

    /// Remembers that `app` sent a button with postback `payload` in the thread of `psid` (a thread
    /// keeps at most 100; beyond that it starts over).
    mutating func rememberButtonSender(_ app: String, payload: String, psid: String) {
        if threads[psid]!.buttonSenders.count >= 100 { threads[psid]!.buttonSenders.removeAll() }
        threads[psid]!.buttonSenders[payload] = app
    }

    mutating func setPendingInboxRequest(_ pending: Bool, of psid: String) {
        threads[psid]!.pendingInboxRequest = pending
    }

    /// The answer style of the next successful take.
    mutating func nextTakeAnswerIsThreadOwner() -> Bool {
        defer { takeCount += 1 }
        switch configuration.takeAnswer {
        case .success: return false
        case .threadOwner: return true
        case .alternating: return takeCount % 2 == 1
        }
    }

    // MARK: History and deliveries

    /// Appends a history entry to the thread of `psid` (or to the page log).
    mutating func record(_ psid: String?, now: Int64, _ line: TranscriptLine, deliveryID: Int? = nil) {
        var line = line
        line.seq = nextSequence
        line.at = now
        let entry = TranscriptEntry(line: line, deliveryID: deliveryID)
        nextSequence += 1
        if let psid, threads[psid] != nil {
            threads[psid]!.transcript.append(entry)
            if threads[psid]!.transcript.count > Self.transcriptLimit + Self.transcriptLimit / 4 {
                threads[psid]!.transcript.removeFirst(threads[psid]!.transcript.count - Self.transcriptLimit)
            }
        } else {
            pageLog.append(entry)
            if pageLog.count > Self.transcriptLimit + Self.transcriptLimit / 4 {
                pageLog.removeFirst(pageLog.count - Self.transcriptLimit)
            }
        }
    }

    // A simulator under load (benchmarks, a long-running local stack) keeps only recent history;
    // trimming in steps keeps the cost amortised.
    static let transcriptLimit = 2000
    static let deliveryLimit = 50_000

    /// Forgets the oldest finished delivery records beyond ``deliveryLimit``.
    private mutating func trimDeliveries() {
        guard deliveries.count > Self.deliveryLimit + Self.deliveryLimit / 5 else { return }
        let oldestKept = nextDeliveryID - Self.deliveryLimit
        for (id, record) in deliveries where id < oldestKept && record.state != .pending {
            deliveries[id] = nil
        }
    }

    /// Queues `item` for `appID` when the app has a webhook and subscribed to the field this kind
    /// of event travels under; returns whether it was queued.
    @discardableResult
    mutating func deliver(
        _ item: JSONValue, to appID: String, placement: WebhookPlacement, field: String, event: String,
        psid: String?, mid: String? = nil, now: Int64
    ) -> Bool {
        guard let app = app(appID), app.webhookURL != nil else { return false }
        let requiredField = placement == .standby ? "standby" : field
        guard app.subscribedFields.contains(requiredField) else { return false }
        let id = nextDeliveryID
        nextDeliveryID += 1
        deliveries[id] = DeliveryRecord(
            id: id, appID: appID, psid: psid, placement: placement, event: event, mid: mid, createdAt: now)
        record(psid, now: now, TranscriptLine(kind: .delivery), deliveryID: id)
        trimDeliveries()
        outbox.append(WebhookDelivery(id: id, appID: appID, placement: placement, item: item, epoch: epoch))
        return true
    }

    /// Sends a user-side event (message, postback, echo) to every app with a role: `messaging` to
    /// `messagingApps`, `standby` to the others.
    mutating func fanOut(
        messagingApps: Set<String>, field: String, event: String, psid: String, mid: String, now: Int64,
        item: (WebhookPlacement) -> JSONValue
    ) {
        for app in apps where app.role != .none {
            let placement: WebhookPlacement = messagingApps.contains(app.id) ? .messaging : .standby
            deliver(
                item(placement), to: app.id, placement: placement, field: field, event: event, psid: psid, mid: mid,
                now: now)
        }
    }

    /// Stores the outcome of one POST of a delivery.
    mutating func recordAttempt(
        _ deliveryID: Int, _ attempt: DeliveryRecord.Attempt, final state: DeliveryRecord.State?
    ) {
        guard deliveries[deliveryID] != nil else { return }
        deliveries[deliveryID]!.attempts.append(attempt)
        if let state { deliveries[deliveryID]!.state = state }
    }
}
