import GraphAPI
import Logging
import MessengerPlatform
import Metrics
import WorkerKit

/// The bot worker's behaviour over the worker runtime: the primary (default) app's automated
/// answers, and the handover to people and back.
///
/// ``BotBehaviour`` decides; this type carries the decision out through the thread-control client.
/// A thread-control call refused because the bot no longer owns the thread (the user or an agent
/// moved faster) is logged and the event is done: retrying cannot change who owns it.
public struct BotHandler: EventHandler {
    /// The configured behaviour.
    public let behaviour: BotBehaviour

    /// A handler acting by `behaviour`.
    public init(behaviour: BotBehaviour) {
        self.behaviour = behaviour
    }

    /// User messages, standby copies, handover events and role changes.
    public var kinds: Set<EventKind> { [.messages, .standby, .handovers, .appRole] }

    /// Never: the bot sends, so it must not see echoes, reads or deliveries.
    public var receivesPassiveEvents: Bool { false }

    /// Decides what to do about `event` and does it.
    public func handle(_ event: WorkerEvent, context: WorkerContext) async throws {
        guard let messaging = event.messaging else {
            context.logger.notice("event without a readable item; nothing to do")
            return
        }
        let action = behaviour.action(
            for: BotObservation(event: messaging, isStandby: event.isStandby), botAppID: context.appID)
        count(action, context: context)
        if case .noteRoles = action {
            noteRoles(messaging.appRoles ?? [:], context: context)
            return
        }
        guard let thread = event.thread else {
            context.logger.debug("event without a thread; nothing to do", metadata: ["bot.action": "\(action)"])
            return
        }
        switch action {
        case .answer(let text):
            try await tolerateOwnershipLoss(context) {
                try await context.once("answer") { metadata in
                    var message = OutgoingMessage(recipientID: thread.userID, text: text, metadata: metadata)
                    if let button = behaviour.personButton {
                        message.quickReplies = [.text(button, payload: behaviour.personButtonPayload)]
                    }
                    try await context.send(message, in: thread)
                }
            }
        case .handOver(let reply, let target, let metadata):
            try await tolerateOwnershipLoss(context) {
                try await context.once("reply") { tag in
                    try await context.sendText(reply, to: thread, metadata: tag)
                }
                try await context.once("pass") { _ in
                    try await context.passThreadControl(thread, to: target, metadata: metadata)
                }
                context.logger.info("handed the thread over", metadata: ["handover.target": "\(target)"])
            }
        case .takeBack(let reply, let metadata):
            try await context.once("take") { _ in
                try await context.takeThreadControl(thread, metadata: metadata)
            }
            context.logger.info("took the thread back at the user's request")
            try await tolerateOwnershipLoss(context) {
                try await context.once("reply") { tag in
                    try await context.sendText(reply, to: thread, metadata: tag)
                }
            }
        case .grantRequest(let requester, let metadata):
            try await tolerateOwnershipLoss(context) {
                try await context.passThreadControl(thread, to: requester, metadata: metadata)
                context.logger.info(
                    "passed the thread to the app that requested it", metadata: ["handover.target": "\(requester)"])
            }
        case .declineRequest(let requester):
            context.logger.info(
                "request for control declined by policy",
                metadata: ["handover.requester": "\(requester)", "bot.request_policy": "\(behaviour.requestPolicy)"])
        case .welcomeBack(let text):
            try await tolerateOwnershipLoss(context) {
                try await context.once("welcome") { tag in
                    try await context.sendText(text, to: thread, metadata: tag)
                }
            }
        case .stayQuiet(let reason):
            context.logger.debug("staying quiet", metadata: ["bot.reason": "\(reason)"])
        case .noteRoles:
            break
        }
    }

    /// Runs `body`; a refusal that retrying cannot change ends the event quietly: another app now
    /// owns the thread (or, under Conversation Routing, the thread is idle and the bot is not the
    /// default app), the messaging window is closed (a welcome-back long after the user's last
    /// message; the bot never tags `HUMAN_AGENT`), or the person is not available.
    private func tolerateOwnershipLoss(_ context: WorkerContext, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as GraphAPIError where Self.quietRefusals.contains(error.kind) {
            context.logger.notice(
                "Graph call refused; nothing to retry", metadata: ["graph.error": "\(error.kind)"])
        }
    }

    /// The refusals ``tolerateOwnershipLoss(_:_:)`` ends quietly.
    static let quietRefusals: Set<GraphAPIError.Kind> = [
        .notThreadOwner, .anotherAppControlsThread, .outsideMessagingWindow, .userUnavailable,
    ]

    private func noteRoles(_ roles: [AppID: [String]], context: WorkerContext) {
        let summary = roles.keys.sorted { $0.rawValue < $1.rawValue }.map {
            "\($0)=\(roles[$0]!.joined(separator: "+"))"
        }
        context.logger.notice("app roles changed", metadata: ["app.roles": "\(summary.joined(separator: ","))"])
        if let ours = roles[context.appID], !ours.contains("primary_receiver") {
            context.logger.warning("this app is no longer the primary receiver of the page; handovers may fail")
        }
    }

    private func count(_ action: BotAction, context: WorkerContext) {
        let name: String
        switch action {
        case .answer: name = "answer"
        case .handOver: name = "hand_over"
        case .takeBack: name = "take_back"
        case .grantRequest: name = "grant_request"
        case .declineRequest: name = "decline_request"
        case .welcomeBack: name = "welcome_back"
        case .noteRoles: name = "app_roles"
        case .stayQuiet: name = "quiet"
        }
        Counter(label: "bot_actions_total", dimensions: [("action", name)], factory: context.metrics).increment()
    }
}
