/// One message in a thread's history, kept whoever owned the thread: the user's messages and
/// postbacks, the bot's and the Inbox's (from their echoes), and the agents' replies.
public struct HistoryEntry: Sendable, Equatable, Codable {
    /// Who wrote it.
    public enum Author: String, Sendable, Codable {
        case user
        /// The primary app (the bot).
        case bot
        /// A live agent, through this app.
        case agent
        /// The Page Inbox.
        case inbox
        /// Another app on the page.
        case app
    }

    /// An image, file, audio or video, with its URL; other kinds (location, template) by type.
    public struct Attachment: Sendable, Equatable, Codable {
        public var type: String
        public var url: String?

        /// An attachment of `type` at `url`.
        public init(type: String, url: String?) {
            self.type = type
            self.url = url
        }
    }

    /// The message id (`mid`) or, for what has none, the event id: the key that keeps a replayed
    /// partition from adding the same entry twice.
    public var id: String
    public var pageID: String
    public var userID: String
    /// When it was written (ms since 1970).
    public var at: Int64
    public var author: Author
    /// The agent who wrote it (`author == .agent`).
    public var agentID: String?
    /// The app that sent it (echoes).
    public var appID: String?
    public var text: String?
    /// A quick reply's or postback's payload.
    public var payload: String?
    public var attachments: [Attachment]
    /// The sending app's metadata (echoes).
    public var metadata: String?

    enum CodingKeys: String, CodingKey {
        case id, at, author, text, payload, attachments, metadata
        case pageID = "page_id", userID = "user_id", agentID = "agent_id", appID = "app_id"
    }

    /// An entry.
    public init(
        id: String, pageID: String, userID: String, at: Int64, author: Author, agentID: String? = nil,
        appID: String? = nil, text: String? = nil, payload: String? = nil, attachments: [Attachment] = [],
        metadata: String? = nil
    ) {
        self.id = id
        self.pageID = pageID
        self.userID = userID
        self.at = at
        self.author = author
        self.agentID = agentID
        self.appID = appID
        self.text = text
        self.payload = payload
        self.attachments = attachments
        self.metadata = metadata
    }
}

/// Where a page of history starts: entries strictly older than this one.
public struct HistoryCursor: Sendable, Equatable {
    public var at: Int64
    public var id: String

    /// A cursor after (older than) the entry at `at` with `id`.
    public init(at: Int64, id: String) {
        self.at = at
        self.id = id
    }

    /// `"<at>:<id>"`, as the agent API passes it.
    public var token: String { "\(at):\(id)" }

    /// Parses ``token``; nil when malformed.
    public init?(token: String) {
        guard let colon = token.firstIndex(of: ":"), let at = Int64(token[..<colon]) else { return nil }
        let id = String(token[token.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        self.init(at: at, id: id)
    }
}
