import MessengerPlatform

/// The facts of one event the bot decides on, free of Kafka and HTTP, so the bot's behaviour is a
/// pure function that tests can walk through case by case.
public struct BotObservation: Sendable, Equatable {
    /// What the event is.
    public var type: EventType
    /// Whether it arrived on `standby`: another app owns the thread.
    public var isStandby: Bool
    /// The user's text (`message.text`), if any.
    public var text: String?
    /// A postback's or quick reply's payload, if any (standby postbacks carry none).
    public var payload: String?
    /// A postback button's title, if any.
    public var title: String?
    /// `pass_thread_control`: the app that received control; `take_thread_control`: the new owner.
    public var newOwner: AppID?
    /// `pass_thread_control` / `take_thread_control`: the app control moved away from.
    public var previousOwner: AppID?
    /// `request_thread_control`: the app asking for control.
    public var requester: AppID?

    /// An observation; every fact but the type and placement is optional.
    public init(
        type: EventType, isStandby: Bool = false, text: String? = nil, payload: String? = nil, title: String? = nil,
        newOwner: AppID? = nil, previousOwner: AppID? = nil, requester: AppID? = nil
    ) {
        self.type = type
        self.isStandby = isStandby
        self.text = text
        self.payload = payload
        self.title = title
        self.newOwner = newOwner
        self.previousOwner = previousOwner
        self.requester = requester
    }
}
