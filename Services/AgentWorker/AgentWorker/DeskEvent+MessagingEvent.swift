import MessengerPlatform

extension DeskEvent {
    /// The desk event a webhook item means for the agent app `agentAppID`, or nil when the desk
    /// need not hear of it:
    /// - control passed to the agent app → `conversation.started`;
    /// - control taken from the agent app → `conversation.ended`;
    /// - a user message or postback the agent app receives as owner (not on standby) → `message`.
    public init?(
        event: MessagingEvent, isStandby: Bool, eventID: String, agentAppID: AppID, thread: ThreadKey
    ) {
        let base = { (type: Kind) in
            DeskEvent(
                type: type, eventID: eventID, appID: agentAppID.rawValue, pageID: thread.pageID,
                userID: thread.userID, timestamp: event.timestamp)
        }
        switch event.type {
        case .passThreadControl:
            guard let pass = event.passThreadControl, pass.newOwner == agentAppID else { return nil }
            self = base(.conversationStarted)
            previousOwnerAppID = pass.previousOwner?.rawValue
            metadata = pass.metadata
        case .takeThreadControl:
            guard let take = event.takeThreadControl, take.previousOwner == agentAppID else { return nil }
            self = base(.conversationEnded)
            newOwnerAppID = take.newOwner?.rawValue
            metadata = take.metadata
        case .message:
            guard !isStandby, let message = event.message, !message.isEcho else { return nil }
            self = base(.message)
            mid = message.mid
            text = message.text
            payload = message.quickReplyPayload
            attachments = message.attachments.isEmpty ? nil : message.attachmentTypes
        case .postback:
            guard !isStandby, let postback = event.postback else { return nil }
            self = base(.message)
            mid = postback.mid
            text = postback.title
            payload = postback.payload
        default:
            return nil
        }
    }
}
