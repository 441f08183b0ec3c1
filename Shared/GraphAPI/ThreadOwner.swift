import MessengerPlatform

/// The app that controls a thread, and until when.
public struct ThreadOwner: Sendable, Hashable {
    /// The controlling app.
    public var appID: AppID
    /// When control lapses back to idle (Conversation Routing), in milliseconds since 1970 whatever
    /// unit Meta used (see ``milliseconds(fromExpiration:)``). `nil` when control does not lapse.
    public var expiration: Int64?

    /// Creates an owner.
    public init(appID: AppID, expiration: Int64? = nil) {
        self.appID = appID
        self.expiration = expiration
    }
}

extension ThreadOwner {
    /// An `expiration` as milliseconds since 1970. Meta calls it a "UNIX timestamp" without naming
    /// the unit, so both are accepted: a value above 10^11 is already milliseconds (10^11 seconds is
    /// the year 5138), anything smaller is seconds.
    public static func milliseconds(fromExpiration value: Int64) -> Int64 {
        value > 100_000_000_000 ? value : value &* 1000
    }
}
