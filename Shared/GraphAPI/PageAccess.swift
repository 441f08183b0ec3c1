/// A Page and the Page access token the app uses for it.
public struct PageAccess: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The Page id.
    public var pageID: String
    /// The Page access token; never printed.
    public var accessToken: String

    /// Creates page access.
    public init(pageID: String, accessToken: String) {
        self.pageID = pageID
        self.accessToken = accessToken
    }

    /// The page id with the token redacted.
    public var description: String { "PageAccess(pageID: \(pageID), accessToken: <redacted>)" }
    public var debugDescription: String { description }
}
