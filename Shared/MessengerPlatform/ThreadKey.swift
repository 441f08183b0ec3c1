/// One conversation: a Page and a user (PSID). Its description, `"<page_id>:<user_id>"`, is the
/// Kafka record key of every event of the thread (a contract: README, "Record value and headers").
public struct ThreadKey: Hashable, Sendable, CustomStringConvertible {
    /// The Page id.
    public var pageID: String
    /// The user's page-scoped id (PSID).
    public var userID: String

    /// Creates the key of the thread between `pageID` and `userID`.
    public init(pageID: String, userID: String) {
        self.pageID = pageID
        self.userID = userID
    }

    /// Parses a record key `"<page_id>:<user_id>"`; nil when either side is missing.
    public init?(recordKey: String) {
        guard let colon = recordKey.firstIndex(of: ":") else { return nil }
        let page = recordKey[..<colon]
        let user = recordKey[recordKey.index(after: colon)...]
        guard !page.isEmpty, !user.isEmpty else { return nil }
        self.init(pageID: String(page), userID: String(user))
    }

    /// `"<page_id>:<user_id>"`, the record key.
    public var description: String { "\(pageID):\(userID)" }
}
