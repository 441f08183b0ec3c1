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

/// An event on a Page, with a user (a thread's event) or without one (`app_roles`, or an item
/// without sender). Its Kafka record key follows from the two ids.
public protocol PageEvent {
    /// The Page id.
    var pageID: String { get }
    /// The user's page-scoped id, when the event has a user.
    var userID: String? { get }
}

extension PageEvent {
    /// The thread of the event, when it has a user.
    public var threadKey: ThreadKey? {
        userID.map { ThreadKey(pageID: pageID, userID: $0) }
    }

    /// The Kafka record key: `"<page_id>:<user_id>"`, or the page id when there is no user.
    public var recordKey: String {
        threadKey?.description ?? pageID
    }
}
