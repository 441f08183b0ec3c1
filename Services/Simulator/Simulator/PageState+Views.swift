import HTTPTypes

extension PageState {
    /// `GET /_sim/threads/{psid}`: owner, expiration and the full transcript.
    mutating func threadView(_ psid: String, now: Int64) throws(GraphError) -> JSONValue {
        guard threads[psid] != nil else { throw GraphError.control(.notFound, "unknown psid \(psid)") }
        expireIfDue(psid, now: now)
        let thread = threads[psid]!
        return .members(
            summaryMembers(thread) + [("transcript", .array(thread.transcript.map(render)))])
    }

    /// `GET /_sim/threads`: every thread without its transcript.
    mutating func threadList(now: Int64) -> JSONValue {
        for psid in threadOrder { expireIfDue(psid, now: now) }
        return .object([("data", .array(threadOrder.map { .members(summaryMembers(threads[$0]!)) }))])
    }

    /// `GET /_sim/deliveries`: every delivery, optionally for one app.
    func deliveryList(appID: String?) -> JSONValue {
        let records = deliveries.values.filter { appID == nil || $0.appID == appID }.sorted { $0.id < $1.id }
        return .object([("data", .array(records.map(\.json)))])
    }

    /// `GET /_sim/page`: apps with roles (no secrets) and the page log.
    func pageView(now: Int64) -> JSONValue {
        .object([
            ("page_id", .string(configuration.pageID)),
            ("mode", .string(configuration.mode.rawValue)),
            ("now", .int(now)),
            (
                "apps",
                .array(
                    apps.map { app in
                        .members([
                            ("id", .string(app.id)), ("name", .string(app.name)), ("role", .string(app.role.rawValue)),
                            ("default", .bool(app.id == primaryID)),
                            ("webhook", .bool(app.webhookURL != nil)),
                            ("subscribed_fields", .array(app.subscribedFields.sorted().map { .string($0) })),
                        ])
                    })
            ),
            ("log", .array(pageLog.map(render))),
        ])
    }

    private func summaryMembers(_ thread: SimulatedThread) -> [(String, JSONValue?)] {
        [
            ("psid", .string(thread.psid)),
            ("owner", thread.owner.map { .string($0) } ?? .null),
            ("expiration", thread.expiration.map { .int($0) } ?? .null),
            ("pending_inbox_request", .bool(thread.pendingInboxRequest)),
            ("last_user_message_at", thread.lastUserMessageAt.map { .int($0) } ?? .null),
            ("window_closes_at", Self.windowClosesAt(thread).map { .int($0) } ?? .null),
            ("human_agent_window_closes_at", Self.humanAgentWindowClosesAt(thread).map { .int($0) } ?? .null),
        ]
    }

    private func render(_ entry: TranscriptEntry) -> JSONValue {
        var members: [(String, JSONValue?)] = [
            ("seq", .int(Int64(entry.sequence))), ("at", .int(entry.at)), ("kind", .string(entry.kind.rawValue)),
        ]
        members += entry.details
        if let id = entry.deliveryID, let record = deliveries[id] {
            members.append(("delivery", record.json))
        }
        return .members(members)
    }
}
