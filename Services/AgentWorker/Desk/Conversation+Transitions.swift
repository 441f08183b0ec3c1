/// Something that happens to a conversation. ``Conversation/applying(_:at:)`` decides the next
/// state without effects; the store writes it only if nobody else wrote first.
public enum DeskAction: Sendable, Equatable {
    /// Offer a waiting conversation to an agent.
    case offer(to: String)
    /// An agent accepts: an offer made to them, or a waiting conversation claimed from the queue.
    case accept(by: String)
    /// The agent it is offered to declines: back to the queue, not offered to them again.
    case decline(by: String)
    /// The offer ran out: back to the queue.
    case expireOffer
    /// The holding agent was silent too long: back to the queue, not offered to them again.
    case requeue(TransitionReason)
    /// The conversation is over.
    case end(TransitionReason)
    /// The holding agent sent something to the user.
    case agentReplied(by: String)
    /// The agent app's control of the thread was extended until then (ms since 1970).
    case controlExtended(until: Int64)
}

/// Why an agent's action on a conversation is refused (the agent API answers 409).
public enum DeskRefusal: Error, Equatable, Sendable {
    /// It has ended.
    case ended
    /// Another agent holds it, or it is offered to another agent.
    case heldByAnotherAgent
    /// The agent must hold (have accepted) it first.
    case notHeld
    /// It is not offered to this agent.
    case notOffered
    /// The action does not apply in this state (e.g. offering an active conversation).
    case notApplicable(Conversation.State)
}

extension Conversation {
    /// The conversation after `action` at `now` (ms since 1970); throws when it does not apply.
    /// Actions that change nothing (accepting what one already holds) return it unchanged.
    public func applying(_ action: DeskAction, at now: Int64) throws(DeskRefusal) -> Conversation {
        var next = self
        switch action {
        case .offer(let agent):
            guard state == .waiting else { throw state == .ended ? .ended : .notApplicable(state) }
            next.state = .offered
            next.agentID = agent
            next.offeredAt = now
            next.reason = .offered
        case .accept(let agent):
            switch state {
            case .ended: throw .ended
            case .active where agentID == agent: return self
            case .active: throw .heldByAnotherAgent
            case .offered where agentID != agent: throw .heldByAnotherAgent
            case .offered, .waiting:
                next.state = .active
                next.agentID = agent
                next.acceptedAt = now
                next.lastAgentActivityAt = now
                next.reason = .accepted
            }
        case .decline(let agent):
            guard state != .ended else { throw .ended }
            guard state == .offered, agentID == agent else { throw .notOffered }
            next.state = .waiting
            next.agentID = nil
            next.offeredAt = nil
            next.reason = .declined
            if !next.declinedBy.contains(agent) { next.declinedBy.append(agent) }
        case .expireOffer:
            guard state == .offered else { throw state == .ended ? .ended : .notApplicable(state) }
            next.state = .waiting
            next.agentID = nil
            next.offeredAt = nil
            next.missedOffers += 1
            next.reason = .expired
        case .requeue(let reason):
            guard state == .active else { throw state == .ended ? .ended : .notApplicable(state) }
            next.state = .waiting
            next.agentID = nil
            next.offeredAt = nil
            next.reason = reason
            if let holder = agentID, !next.declinedBy.contains(holder) { next.declinedBy.append(holder) }
        case .end(let reason):
            guard state != .ended else { throw .ended }
            next.state = .ended
            next.endedAt = now
            next.reason = reason
        case .agentReplied(let agent):
            guard state != .ended else { throw .ended }
            guard state == .active else { throw .notHeld }
            guard agentID == agent else { throw .heldByAnotherAgent }
            if next.firstReplyAt == nil { next.firstReplyAt = now }
            next.lastAgentActivityAt = now
        case .controlExtended(let until):
            guard state != .ended else { throw .ended }
            next.controlUntil = max(controlUntil ?? 0, until)
        }
        next.version = version + 1
        return next
    }
}
