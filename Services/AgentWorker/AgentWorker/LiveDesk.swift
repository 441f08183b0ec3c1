import AgentDesk
import GraphAPI
import Logging
import MessengerPlatform
import Metrics
import WorkerKit

/// The live-agent desk: conversations as state, the queue and its timers, history and the desk
/// webhook's outbox, over a ``DeskStore`` shared by every replica.
///
/// Decisions are ``Conversation/applying(_:at:)``'s; this type reads, decides, writes with a
/// compare-and-set, and only the writer that won carries out the effects (a hand-back, a message
/// to the user, a desk event). Webhook events arrive in thread order (the runtime's); agent API
/// calls and timers race with them and with other replicas, and the compare-and-set settles it.
public final class LiveDesk: Sendable {
    /// Where the state lives.
    public let store: DeskStore
    /// Agents, timers, hours and messages.
    public let policy: DeskPolicy
    let agentAppID: AppID
    let primaryAppID: AppID
    let clock: @Sendable () -> Int64
    let metrics: DeskMetrics
    /// Whether desk events are queued for a webhook (`AGENT_DESK_URL` set).
    let deliversEvents: Bool
    let logger: Logger

    /// A desk for the agent app `agentAppID` that hands threads back to `primaryAppID`.
    public init(
        store: DeskStore, policy: DeskPolicy, agentAppID: AppID, primaryAppID: AppID,
        clock: @escaping @Sendable () -> Int64, metrics: any MetricsFactory, deliversEvents: Bool, logger: Logger
    ) {
        self.store = store
        self.policy = policy
        self.agentAppID = agentAppID
        self.primaryAppID = primaryAppID
        self.clock = clock
        self.metrics = DeskMetrics(factory: metrics)
        self.deliversEvents = deliversEvents
        self.logger = logger
    }

    // MARK: Webhook events

    /// Keeps the history (every message of the thread, whoever owned it) and moves conversations
    /// on handovers.
    func handle(_ event: WorkerEvent, context: WorkerContext) async throws {
        guard let messaging = event.messaging, let thread = event.thread else { return }
        let at = messaging.timestamp ?? clock()
        switch messaging.type {
        case .message, .echo:
            guard let message = messaging.message else { return }
            let attachments = message.attachments.map { HistoryEntry.Attachment(type: $0.type, url: $0.url) }
            if message.isEcho {
                let author: HistoryEntry.Author =
                    switch message.appID {
                    case primaryAppID?: .bot
                    case AppID.pageInbox?: .inbox
                    case agentAppID?: .agent
                    default: .app
                    }
                try await store.record(
                    HistoryEntry(
                        id: message.mid ?? event.record.id, pageID: thread.pageID, userID: thread.userID, at: at,
                        author: author, appID: message.appID?.rawValue, text: message.text,
                        attachments: attachments, metadata: message.metadata))
                return
            }
            try await userWrote(
                HistoryEntry(
                    id: message.mid ?? event.record.id, pageID: thread.pageID, userID: thread.userID, at: at,
                    author: .user, text: message.text, payload: message.quickReplyPayload, attachments: attachments),
                isStandby: event.isStandby)
        case .postback:
            guard let postback = messaging.postback else { return }
            try await userWrote(
                HistoryEntry(
                    id: postback.mid ?? event.record.id, pageID: thread.pageID, userID: thread.userID, at: at,
                    author: .user, text: postback.title, payload: postback.payload),
                isStandby: event.isStandby)
        case .passThreadControl:
            guard let pass = messaging.passThreadControl, pass.newOwner == agentAppID else { return }
            try await queue(
                id: event.record.id, thread: thread, metadata: pass.metadata, previousOwner: pass.previousOwner,
                context: context)
        case .takeThreadControl:
            guard let take = messaging.takeThreadControl, take.previousOwner == agentAppID,
                let open = try await store.openConversation(pageID: thread.pageID, userID: thread.userID)
            else { return }
            let reason: TransitionReason =
                switch take.newOwner {
                case AppID.pageInbox?: .takenByInbox
                case primaryAppID?: .takenByBot
                default: .takenByApp
                }
            _ = try? await transition(open.id, .end(reason), by: .worker, action: "taken", newOwner: take.newOwner)
        default:
            return
        }
    }

    private func userWrote(_ entry: HistoryEntry, isStandby: Bool) async throws {
        guard try await store.record(entry),
            let open = try await store.userWrote(pageID: entry.pageID, userID: entry.userID, at: entry.at),
            !isStandby
        else { return }
        var event = deskEvent(.message, open, id: "message:\(entry.id)")
        event.timestamp = entry.at
        event.mid = entry.id
        event.text = entry.text
        event.payload = entry.payload
        event.attachments = entry.attachments.isEmpty ? nil : entry.attachments
        try await emit(event)
    }

    /// A handoff to the agent app: a new conversation in the queue, then the online check, the
    /// business hours and (auto-assignment) an offer.
    private func queue(
        id: String, thread: ThreadKey, metadata: String?, previousOwner: AppID?, context: WorkerContext
    ) async throws {
        let now = clock()
        let conversation = Conversation(
            id: id, pageID: thread.pageID, userID: thread.userID, queuedAt: now, handoffMetadata: metadata,
            previousOwnerAppID: previousOwner?.rawValue)
        guard try await store.insert(conversation, actor: DeskActor.worker.logName) else { return }
        metrics.queued()
        context.logger.info("conversation queued", metadata: ["conversation.id": "\(id)"])
        var queued = deskEvent(.conversationQueued, conversation, id: "\(id):0")
        queued.previousOwnerAppID = conversation.previousOwnerAppID
        queued.metadata = metadata
        queued.transcript = try await store.history(
            pageID: thread.pageID, userID: thread.userID, limit: policy.transcriptLimit)
        try await emit(queued)
        guard policy.hasAgents else { return }
        if let hours = policy.hours(forPage: thread.pageID), !hours.isOpen(at: now) {
            try await handBack(
                conversation, reason: .outsideBusinessHours, message: policy.messages.outsideBusinessHours,
                context: context)
        } else if try await onlineAgents(at: now).isEmpty {
            try await handBack(
                conversation, reason: .noAgentOnline, message: policy.messages.noAgentOnline, context: context)
        } else if policy.assignment == .auto {
            try await offer(conversation, now: now)
        }
    }

    // MARK: Transitions

    /// Applies `action` to conversation `id` (re-reading when another writer won) and emits the
    /// desk event for the change; returns the conversation as written. Throws ``DeskRefusal`` when
    /// the action does not apply.
    @discardableResult
    func transition(
        _ id: String, _ action: DeskAction, by actor: DeskActor, action name: String, newOwner: AppID? = nil
    ) async throws -> Conversation {
        for _ in 0..<8 {
            guard let current = try await store.conversation(id: id) else { throw DeskRefusal.ended }
            let now = clock()
            let next = try current.applying(action, at: now)
            if next.version == current.version { return current }
            if try await store.update(current, to: next, actor: actor.logName, action: name, at: now) {
                metrics.transition(current, next)
                try await announce(current, next, newOwner: newOwner)
                return next
            }
        }
        throw DeskBusy()
    }

    /// The desk event a state change means.
    private func announce(_ old: Conversation, _ new: Conversation, newOwner: AppID?) async throws {
        guard old.state != new.state || old.agentID != new.agentID else { return }
        let id = "\(new.id):\(new.version)"
        var event: DeskEvent
        switch new.state {
        case .waiting: event = deskEvent(.conversationQueued, new, id: id)
        case .offered: event = deskEvent(.conversationOffered, new, id: id)
        case .active: event = deskEvent(.conversationAssigned, new, id: id)
        case .ended:
            event = deskEvent(.conversationEnded, new, id: id)
            event.agentID = old.agentID
            event.newOwnerAppID = newOwner?.rawValue
        }
        event.reason = new.reason.rawValue
        try await emit(event)
    }

    func deskEvent(_ type: DeskEvent.Kind, _ conversation: Conversation, id: String) -> DeskEvent {
        var event = DeskEvent(
            type: type, eventID: id, conversationID: conversation.id, appID: agentAppID.rawValue,
            pageID: conversation.pageID, userID: conversation.userID, timestamp: clock())
        event.agentID = conversation.agentID
        return event
    }

    /// Queues `event` for the desk webhook (nothing without one).
    func emit(_ event: DeskEvent) async throws {
        guard deliversEvents else { return }
        try await store.enqueueDeskEvent(
            id: event.eventID, body: String(decoding: event.encoded(), as: UTF8.self),
            trace: (TraceParent.current ?? TraceParent.random()).description, at: clock())
    }

    /// Ends `conversation` with `reason`, tells the user `message`, and passes the thread to the
    /// bot. Only the writer that ended it acts; a refusal by Meta is logged and counted (the
    /// conversation stays ended: the bot can still take the thread).
    func handBack(_ conversation: Conversation, reason: TransitionReason, message: String?, context: WorkerContext)
        async throws
    {
        do {
            try await transition(
                conversation.id, .end(reason), by: .worker, action: "hand_back", newOwner: primaryAppID)
        } catch is DeskRefusal {
            return
        }
        let thread = ThreadKey(pageID: conversation.pageID, userID: conversation.userID)
        if let message {
            do {
                try await context.sendText(message, to: thread, metadata: "desk:\(reason.rawValue)")
            } catch {
                metrics.effectFailed("message")
                context.logger.error("could not tell the user about the hand-back", metadata: ["error": "\(error)"])
            }
        }
        do {
            try await context.passThreadControl(thread, to: primaryAppID, metadata: "desk:\(reason.rawValue)")
            context.logger.info("thread handed back to the bot", metadata: ["desk.reason": "\(reason.rawValue)"])
        } catch {
            metrics.effectFailed("hand_back")
            context.logger.error("could not hand the thread back to the bot", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Agents

    /// Agents online at `now`: their last heartbeat said online and is recent enough.
    func onlineAgents(at now: Int64) async throws -> [DeskAgent] {
        let presence = try await store.presence()
        return policy.agents.agents.filter { policy.status(of: presence[$0.id], at: now) == "online" }
    }

    /// Offers `conversation` to the agent ``AgentChoice`` picks, if any.
    func offer(_ conversation: Conversation, now: Int64) async throws {
        var loads = try await store.agentLoads()
        try await offer(conversation, online: try await onlineAgents(at: now), loads: &loads)
    }

    /// Offers `conversation` given who is online and their loads, counting the offer in `loads`
    /// when it is made (one read of presence and loads serves a whole pass of the timers).
    private func offer(_ conversation: Conversation, online: [DeskAgent], loads: inout [String: Int]) async throws {
        guard let agent = AgentChoice.agent(for: conversation, online: online, loads: loads),
            (try? await transition(conversation.id, .offer(to: agent.id), by: .worker, action: "offer")) != nil
        else { return }
        loads[agent.id, default: 0] += 1
    }

    // MARK: Timers

    /// One pass of the timers: offers and queue waits that ran out, silent agents, lapsed threads,
    /// offers for the queue; then the gauges. Every replica runs it; the compare-and-set makes
    /// each change happen once.
    func sweep(runtime: WorkerRuntime) async throws {
        let now = clock()
        func context(_ conversation: Conversation) -> WorkerContext {
            runtime.context(for: ThreadKey(pageID: conversation.pageID, userID: conversation.userID))
        }
        for conversation in try await store.due(.offered, column: .offeredAt, atOrBefore: now - policy.offerTimeout) {
            guard let next = try? await transition(conversation.id, .expireOffer, by: .worker, action: "offer_expired")
            else { continue }
            if next.missedOffers >= policy.maxOffers {
                try await handBack(next, reason: .expired, message: policy.messages.expired, context: context(next))
            }
        }
        for conversation in try await store.due(.waiting, column: .queuedAt, atOrBefore: now - policy.queueTimeout) {
            try await handBack(
                conversation, reason: .expired, message: policy.messages.expired, context: context(conversation))
        }
        for conversation in try await store.due(
            .active, column: .lastAgentActivityAt, atOrBefore: now - policy.agentSilence)
        {
            switch policy.onAgentSilence {
            case .requeue:
                _ = try? await transition(conversation.id, .requeue(.agentSilent), by: .worker, action: "agent_silent")
            case .handBack:
                try await handBack(
                    conversation, reason: .agentSilent, message: policy.messages.agentSilent,
                    context: context(conversation))
            }
        }
        for state in [Conversation.State.waiting, .offered, .active] {
            for conversation in try await store.due(
                state, column: .lastUserActivity, atOrBefore: now - Conversation.lapse)
            {
                _ = try? await transition(conversation.id, .end(.lapsed), by: .worker, action: "lapse")
            }
        }
        let online = try await onlineAgents(at: now)
        if policy.hasAgents && policy.assignment == .auto && !online.isEmpty {
            var loads = try await store.agentLoads()
            for conversation in try await store.conversations(in: [.waiting], limit: 100) {
                try await offer(conversation, online: online, loads: &loads)
            }
        }
        metrics.conversations(try await store.openCounts())
        metrics.agentsOnline(online.count)
        if deliversEvents { metrics.outboxPending(try await store.pendingDeskEvents()) }
    }
}

/// Another writer kept winning the compare-and-set (the agent API answers 409; retry).
struct DeskBusy: Error {}
