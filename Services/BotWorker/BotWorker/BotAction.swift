import MessengerPlatform

/// What the bot does about one event: the output of ``BotBehaviour/action(for:botAppID:)``.
public enum BotAction: Sendable, Equatable {
    /// Answer the user (the bot owns the thread).
    case answer(String)
    /// Tell the user a person is coming, then pass control to `target` with `metadata`.
    case handOver(reply: String, target: AppID, metadata: String)
    /// Take control back from whoever owns the thread, then tell the user the bot is back.
    case takeBack(reply: String, metadata: String)
    /// Grant another app's `request_thread_control`: pass control to it.
    case grantRequest(to: AppID, metadata: String)
    /// Refuse a `request_thread_control` (the policy does not grant it); nothing is sent.
    case declineRequest(from: AppID)
    /// Control came back to the bot: greet the user.
    case welcomeBack(String)
    /// The apps' roles on the Page changed: log and count.
    case noteRoles
    /// Do nothing (someone else is talking, or the event is not for answering); `reason` is logged.
    case stayQuiet(reason: String)
}
