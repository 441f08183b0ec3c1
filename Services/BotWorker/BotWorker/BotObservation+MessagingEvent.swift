import MessengerPlatform

extension BotObservation {
    /// The facts of a typed webhook item; `isStandby` says whether it arrived on `standby`.
    public init(event: MessagingEvent, isStandby: Bool) {
        self.init(type: event.type, isStandby: isStandby)
        text = event.message?.text
        payload = event.message?.quickReplyPayload ?? event.postback?.payload
        title = event.postback?.title
        if let pass = event.passThreadControl {
            newOwner = pass.newOwner
            previousOwner = pass.previousOwner
        }
        if let take = event.takeThreadControl {
            newOwner = take.newOwner
            previousOwner = take.previousOwner
        }
        requester = event.requestThreadControl?.requestedOwner
    }
}
