import SimulatorClient

extension PageState {
    /// Who owns a thread, as `thread_owner` reports it.
    struct OwnerView: Sendable {
        /// The owner; nil when idle, or when the caller may see only that the thread is owned.
        let appID: String?
        let expiration: Int64?
        /// Whether the thread is owned (by `appID`, or by an app the caller may not see).
        let isOwned: Bool
    }

    /// `pass_thread_control`: the owner (anyone, on an idle thread) hands control to `target`, which
    /// receives `pass_thread_control` in `messaging`. Conversation Routing: passing to oneself is an
    /// error.
    mutating func pass(caller: String, psid: String, target rawTarget: JSONValue?, metadata: String?, now: Int64)
        throws(GraphError)
    {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        let target = try targetApp(rawTarget)
        guard thread.owner == nil || thread.owner == caller else { throw GraphError.notThreadOwner }
        if configuration.mode == .routing, target == caller { throw GraphError.alreadyThreadOwner }
        transfer(psid: psid, from: thread.owner, to: target, by: caller, metadata: metadata, now: now)
    }

    /// Moves control and tells the new owner (shared by pass, the Send API's `thread_control`, and
    /// the Inbox's "Done").
    mutating func transfer(
        psid: String, from previous: String?, to target: String, by caller: String, metadata: String?, now: Int64
    ) {
        setOwner(target, of: psid, now: now)
        record(
            psid, now: now,
            TranscriptLine(
                kind: .control, metadata: metadata, action: "pass", by: caller, from: previous, to: target))
        let item = payload.passThreadControl(
            psid: psid, timestamp: now, previousOwner: previous, newOwner: target, metadata: metadata)
        deliver(
            item, to: target, placement: .messaging, field: "messaging_handovers", event: "pass_thread_control",
            psid: psid, now: now)
    }

    /// `take_thread_control`. First generation: the primary takes from anyone, any app may take an
    /// idle thread, the previous owner receives `take_thread_control`. Conversation Routing: refused
    /// on a page without a default app and for the thread's own owner; taking an idle thread sends
    /// no webhook; ``SimulatorConfiguration/takeReceivers`` says who hears the take. Returns the
    /// `thread_owner` form of the answer when this take answers with it.
    mutating func take(caller: String, psid: String, metadata: String?, now: Int64) throws(GraphError) -> OwnerView? {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        let previous = thread.owner
        if configuration.mode == .routing {
            guard defaultAppID != nil else { throw GraphError.takeNeedsDefaultApp }
            guard previous != caller else { throw GraphError.alreadyThreadOwner }
        }
        if previous != nil, previous != caller, role(of: caller) != .primary {
            throw GraphError.primaryOnly("take_thread_control")
        }
        if previous != caller {
            takeControl(psid: psid, by: caller, from: previous, metadata: metadata, now: now)
        }
        guard nextTakeAnswerIsThreadOwner() else { return nil }
        return OwnerView(appID: caller, expiration: threads[psid]!.expiration, isOwned: true)
    }

    /// Gives the thread to `taker` and tells whoever hears a take (shared by `take_thread_control`
    /// and the Page Inbox taking a thread under Conversation Routing).
    mutating func takeControl(psid: String, by taker: String, from previous: String?, metadata: String?, now: Int64) {
        setOwner(taker, of: psid, now: now)
        record(
            psid, now: now,
            TranscriptLine(kind: .control, metadata: metadata, action: "take", by: taker, from: previous, to: taker))
        // Taking an idle thread tells nobody under Conversation Routing.
        guard let previous else { return }
        let item = payload.takeThreadControl(
            psid: psid, timestamp: now, previousOwner: previous, newOwner: taker, metadata: metadata)
        let receivers: [String] =
            configuration.mode == .routing && configuration.takeReceivers == .everyApp
            ? apps.filter { $0.role != .none && $0.id != taker }.map(\.id)
            : [previous]
        for receiver in receivers {
            deliver(
                item, to: receiver, placement: .messaging, field: "messaging_handovers",
                event: "take_thread_control", psid: psid, now: now)
        }
    }

    /// Conversation Routing: the Page Inbox takes the thread (a Page admin moved it into the Inbox,
    /// or an Inbox agent replied in a thread the Inbox did not control).
    mutating func inboxTakes(psid: String, now: Int64) {
        takeControl(psid: psid, by: App.pageInboxID, from: threads[psid]!.owner, metadata: nil, now: now)
    }

    /// `request_thread_control`. First generation: a secondary asks; the primary receives
    /// `request_thread_control`. Conversation Routing: only on a page without a default app; it goes
    /// to the current owner, an idle thread passes to the requester at once, and the owner may not
    /// request its own thread.
    mutating func request(caller: String, psid: String, metadata: String?, now: Int64) throws(GraphError) {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        if configuration.mode == .routing {
            guard defaultAppID == nil else { throw GraphError.requestNeedsNoDefaultApp }
            guard thread.owner != caller else { throw GraphError.alreadyThreadOwner }
            guard let owner = thread.owner else {
                transfer(psid: psid, from: nil, to: caller, by: caller, metadata: metadata, now: now)
                return
            }
            requestOnBehalf(of: caller, psid: psid, metadata: metadata, to: owner, now: now)
            return
        }
        guard role(of: caller) == .secondary else {
            throw GraphError(
                code: 10,
                message:
                    "(#10) Application does not have permission for this action: request_thread_control is only available to Secondary Receivers."
            )
        }
        guard thread.owner != caller else { return }
        guard let primary = primaryID else { return }
        requestOnBehalf(of: caller, psid: psid, metadata: metadata, to: primary, now: now)
    }

    /// Sends `request_thread_control` naming `requester` to `receiver`.
    mutating func requestOnBehalf(
        of requester: String, psid: String, metadata: String?, to receiver: String, now: Int64
    ) {
        record(psid, now: now, TranscriptLine(kind: .control, metadata: metadata, action: "request", by: requester))
        let item = payload.requestThreadControl(
            psid: psid, timestamp: now, requestedOwner: requester, metadata: metadata)
        deliver(
            item, to: receiver, placement: .messaging, field: "messaging_handovers", event: "request_thread_control",
            psid: psid, now: now)
    }

    /// `release_thread_control`: the owner makes the thread idle (no webhook).
    mutating func release(caller: String, psid: String, metadata: String?, now: Int64) throws(GraphError) {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard thread.owner == caller else { throw GraphError.notThreadOwner }
        setOwner(nil, of: psid, now: now)
        record(psid, now: now, TranscriptLine(kind: .control, metadata: metadata, action: "release", by: caller))
    }

    /// `extend_thread_control`: the owner keeps control for `duration` seconds more (at most 7 days).
    /// In handover mode threads never lapse, so the call succeeds without effect.
    mutating func extend(caller: String, psid: String, duration raw: JSONValue?, now: Int64) throws(GraphError) {
        try requireRole(caller)
        guard let duration = raw?.intValue, duration >= 1, duration <= 7 * 86_400 else {
            throw GraphError.invalidParameter("param duration must be a number of seconds between 1 and 604800")
        }
        let thread = try existingThread(psid, now: now)
        guard thread.owner == caller else { throw GraphError.notThreadOwner }
        extendControl(of: psid, until: now + duration * 1000, now: now)
        record(psid, now: now, TranscriptLine(kind: .control, action: "extend", by: caller, duration: duration))
    }

    /// `thread_owner`. First generation: the primary sees every owner; a secondary only its own or
    /// the primary's (2018234 otherwise). Conversation Routing: the owner and the default app see the
    /// owner and the expiration; any other app sees only the expiration.
    mutating func owner(caller: String, psid: String, now: Int64) throws(GraphError) -> OwnerView {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard let owner = thread.owner else { return OwnerView(appID: nil, expiration: nil, isOwned: false) }
        if configuration.mode == .routing {
            let sees = caller == owner || caller == defaultAppID
            return OwnerView(appID: sees ? owner : nil, expiration: thread.expiration, isOwned: true)
        }
        guard role(of: caller) == .primary || owner == caller || role(of: owner) == .primary else {
            throw GraphError.ownershipNotVisible
        }
        return OwnerView(appID: owner, expiration: thread.expiration, isOwned: true)
    }

    /// `secondary_receivers`: primary only.
    func secondaryReceivers(caller: String) throws(GraphError) -> [App] {
        try requireRole(caller)
        guard role(of: caller) == .primary else { throw GraphError.primaryOnly("secondary_receivers") }
        return apps.filter { $0.role == .secondary }
    }
}
