extension PageState {
    /// Who owns a thread, as `thread_owner` reports it.
    struct OwnerView: Sendable {
        let appID: String?
        let expiration: Int64?
    }

    /// `pass_thread_control`: the owner (anyone, on an idle thread) hands control to `target`, which
    /// receives `pass_thread_control` in `messaging`.
    mutating func pass(caller: String, psid: String, target rawTarget: JSONValue?, metadata: String?, now: Int64)
        throws(GraphError)
    {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        let target = try targetApp(rawTarget)
        guard thread.owner == nil || thread.owner == caller else { throw GraphError.notThreadOwner }
        transfer(psid: psid, from: thread.owner, to: target, by: caller, metadata: metadata, now: now)
    }

    /// Moves control and tells the new owner (shared by pass, the Send API's `thread_control`, and
    /// the Inbox's "Done").
    mutating func transfer(
        psid: String, from previous: String?, to target: String, by caller: String, metadata: String?, now: Int64
    ) {
        setOwner(target, of: psid, now: now)
        record(
            psid, .control, now: now,
            [
                ("action", "pass"), ("by", .string(caller)), ("from", previous.map { .string($0) } ?? .null),
                ("to", .string(target)), ("metadata", metadata.map { .string($0) }),
            ])
        let item = payload.passThreadControl(
            psid: psid, timestamp: now, previousOwner: previous, newOwner: target, metadata: metadata)
        deliver(
            item, to: target, placement: .messaging, field: "messaging_handovers", event: "pass_thread_control",
            psid: psid, now: now)
    }

    /// `take_thread_control`: the primary takes from anyone; any app may take an idle thread. The
    /// previous owner receives `take_thread_control` (Conversation Routing: every app). Returns
    /// whether the answer uses the `thread_owner` form.
    mutating func take(caller: String, psid: String, metadata: String?, now: Int64) throws(GraphError) -> OwnerView? {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        let previous = thread.owner
        if previous != nil, previous != caller, role(of: caller) != .primary {
            throw GraphError.primaryOnly("take_thread_control")
        }
        if previous != caller {
            setOwner(caller, of: psid, now: now)
            record(
                psid, .control, now: now,
                [
                    ("action", "take"), ("by", .string(caller)), ("from", previous.map { .string($0) } ?? .null),
                    ("to", .string(caller)), ("metadata", metadata.map { .string($0) }),
                ])
            let item = payload.takeThreadControl(
                psid: psid, timestamp: now, previousOwner: previous, newOwner: caller, metadata: metadata)
            let receivers: [String] =
                configuration.mode == .routing
                ? apps.filter { $0.role != .none }.map(\.id)
                : previous.map { [$0] } ?? []
            for receiver in receivers {
                deliver(
                    item, to: receiver, placement: .messaging, field: "messaging_handovers",
                    event: "take_thread_control", psid: psid, now: now)
            }
        } else {
            touch(psid, now: now)
        }
        guard nextTakeAnswerIsThreadOwner() else { return nil }
        return OwnerView(appID: caller, expiration: threads[psid]!.expiration)
    }

    /// `request_thread_control`: a secondary asks; the primary receives `request_thread_control`.
    mutating func request(caller: String, psid: String, metadata: String?, now: Int64) throws(GraphError) {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard role(of: caller) == .secondary else {
            throw GraphError(
                code: 10,
                message:
                    "(#10) Application does not have permission for this action: request_thread_control is only available to Secondary Receivers."
            )
        }
        guard thread.owner != caller else { return }
        requestOnBehalf(of: caller, psid: psid, metadata: metadata, now: now)
    }

    /// Sends `request_thread_control` naming `requester` to the primary.
    mutating func requestOnBehalf(of requester: String, psid: String, metadata: String?, now: Int64) {
        record(
            psid, .control, now: now,
            [("action", "request"), ("by", .string(requester)), ("metadata", metadata.map { .string($0) })])
        guard let primary = primaryID else { return }
        let item = payload.requestThreadControl(
            psid: psid, timestamp: now, requestedOwner: requester, metadata: metadata)
        deliver(
            item, to: primary, placement: .messaging, field: "messaging_handovers", event: "request_thread_control",
            psid: psid, now: now)
    }

    /// `release_thread_control`: the owner makes the thread idle (no webhook).
    mutating func release(caller: String, psid: String, metadata: String?, now: Int64) throws(GraphError) {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard thread.owner == caller else { throw GraphError.notThreadOwner }
        setOwner(nil, of: psid, now: now)
        record(
            psid, .control, now: now,
            [("action", "release"), ("by", .string(caller)), ("metadata", metadata.map { .string($0) })])
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
        if configuration.mode == .routing {
            setExpiration(max(thread.expiration ?? 0, now + duration * 1000), of: psid)
        }
        record(psid, .control, now: now, [("action", "extend"), ("by", .string(caller)), ("duration", .int(duration))])
    }

    /// `thread_owner`: the primary sees every owner; a secondary only its own or the primary's.
    mutating func owner(caller: String, psid: String, now: Int64) throws(GraphError) -> OwnerView {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard let owner = thread.owner else { return OwnerView(appID: nil, expiration: nil) }
        guard role(of: caller) == .primary || owner == caller || role(of: owner) == .primary else {
            throw GraphError.ownershipNotVisible
        }
        return OwnerView(appID: owner, expiration: thread.expiration)
    }

    /// `secondary_receivers`: primary only.
    func secondaryReceivers(caller: String) throws(GraphError) -> [App] {
        try requireRole(caller)
        guard role(of: caller) == .primary else { throw GraphError.primaryOnly("secondary_receivers") }
        return apps.filter { $0.role == .secondary }
    }
}
