import MessengerPlatform

/// A secondary receiver app of the Page, as `GET /me/secondary_receivers` lists it.
public struct ReceiverApp: Sendable, Hashable {
    /// The app id.
    public var id: AppID
    /// The app's name, when Meta sends it.
    public var name: String?

    /// Creates a receiver entry.
    public init(id: AppID, name: String? = nil) {
        self.id = id
        self.name = name
    }
}
