import HTTPTypes
import SimulatorClient

extension PageState {
    /// `GET /_sim/threads/{psid}`: owner, expiration and the full transcript.
    mutating func threadView(_ psid: String, now: Int64) throws(GraphError) -> SimulatedThreadView {
        let summary = try threadSummary(psid, now: now)
        return SimulatedThreadView(summary: summary, transcript: threads[psid]!.transcript.map(render))
    }

    /// A thread's owner, expiration and windows.
    mutating func threadSummary(_ psid: String, now: Int64) throws(GraphError) -> SimulatedThreadSummary {
        guard threads[psid] != nil else { throw GraphError.control(.notFound, "unknown psid \(psid)") }
        expireIfDue(psid, now: now)
        return summary(threads[psid]!)
    }

    /// `GET /_sim/threads`: every thread without its transcript.
    mutating func threadList(now: Int64) -> SimulatedThreadList {
        for psid in threadOrder { expireIfDue(psid, now: now) }
        return SimulatedThreadList(data: threadOrder.map { summary(threads[$0]!) })
    }

    /// `GET /_sim/deliveries`: every delivery, optionally for one app.
    func deliveryList(appID: String?) -> WebhookDeliveryList {
        let records = deliveries.values.filter { appID == nil || $0.appID == appID }.sorted { $0.id < $1.id }
        return WebhookDeliveryList(data: records.map(\.view))
    }

    /// `GET /_sim/page`: apps with roles (no secrets) and the page log.
    func pageView(now: Int64) -> PageView {
        PageView(
            pageID: configuration.pageID, mode: configuration.mode.rawValue, now: now,
            apps: apps.map { app in
                PageView.App(
                    id: app.id, name: app.name, role: app.role.rawValue, isDefault: app.id == primaryID,
                    hasWebhook: app.webhookURL != nil, subscribedFields: app.subscribedFields.sorted())
            },
            log: pageLog.map(render))
    }

    private func summary(_ thread: SimulatedThread) -> SimulatedThreadSummary {
        SimulatedThreadSummary(
            psid: thread.psid, owner: thread.owner, expiration: thread.expiration,
            pendingInboxRequest: thread.pendingInboxRequest, lastUserMessageAt: thread.lastUserMessageAt,
            windowClosesAt: Self.windowClosesAt(thread), humanAgentWindowClosesAt: Self.humanAgentWindowClosesAt(thread)
        )
    }

    private func render(_ entry: TranscriptEntry) -> TranscriptLine {
        var line = entry.line
        if let id = entry.deliveryID { line.delivery = deliveries[id]?.view }
        return line
    }
}
