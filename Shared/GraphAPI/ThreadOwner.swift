import MessengerPlatform

/// The app that controls a thread, and until when.
public struct ThreadOwner: Sendable, Hashable {
    /// The controlling app.
    public var appID: AppID
    /// When control lapses back to idle (Conversation Routing), as Meta sends it; the simulator
    /// sends milliseconds since 1970. `nil` when control does not lapse.
    public var expiration: Int64?

    /// Creates an owner.
    public init(appID: AppID, expiration: Int64? = nil) {
        self.appID = appID
        self.expiration = expiration
    }
}
