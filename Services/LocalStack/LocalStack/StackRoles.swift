/// Names for the apps of a stack, for people reading a transcript: "bot", "agent", "Page Inbox".
public struct StackRoles: Sendable, Hashable {
    /// The primary (default) app, run by the bot worker.
    public let botAppID: String
    /// The secondary app, run by the agent worker.
    public let agentAppID: String
    /// The Page Inbox's app id.
    public let pageInboxID: String = StackConfiguration.pageInboxID

    /// Roles for the two apps.
    public init(botAppID: String, agentAppID: String) {
        self.botAppID = botAppID
        self.agentAppID = agentAppID
    }

    /// The roles of `configuration`'s apps.
    public init(_ configuration: StackConfiguration) {
        self.init(botAppID: configuration.botApp.id, agentAppID: configuration.agentApp.id)
    }

    /// The role name of `appID`; "nobody (idle)" for nil.
    public func name(of appID: String?) -> String {
        switch appID {
        case nil: "nobody (idle)"
        case botAppID: "bot"
        case agentAppID: "agent"
        case pageInboxID: "Page Inbox"
        case let other?: "app \(other)"
        }
    }
}
