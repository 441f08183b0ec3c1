import Foundation
import Logging

/// The desk's state, shared by every replica: conversations, their history, the audit log, agent
/// presence, the desk webhook's outbox and the console's sessions, sign-in attempts and reply
/// keys, in SQLite (one replica) or PostgreSQL (several).
///
/// Writes that decide something are compare-and-set on a conversation's `version`: of two
/// replicas that act on one conversation at once, exactly one wins and the other re-reads
/// (``update(_:to:actor:action:at:)`` returns false). Inserts keyed by event or message ids ignore
/// repeats, so replaying a partition adds nothing.
public final class DeskStore: Sendable {
    /// The database it runs on.
    public let database: any SQLDatabase
    private let historyWriter: GroupWriter<HistoryEntry>

    /// A store on `database`; call ``migrate()`` before use.
    public init(database: any SQLDatabase) {
        self.database = database
        // 200 rows × 11 values stays far below either database's limit on parameters.
        historyWriter = GroupWriter(maxBatch: 200) { try await Self.insertHistory($0, into: database) }
    }

    /// Opens the store a URL names: `sqlite:PATH` (`sqlite::memory:` in memory) or
    /// `postgres://user:password@host:port/database`, and brings its schema up to date.
    public static func open(url: String, logger: Logger) async throws -> DeskStore {
        let database: any SQLDatabase
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw SQLDatabaseError("sqlite: needs a path, e.g. sqlite:agent-desk.sqlite") }
            database = try await SQLiteDatabase.open(path: path, logger: logger)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            database = try PostgresDatabase(url: url, logger: logger)
        } else {
            throw SQLDatabaseError("the store URL must start with sqlite: or postgres://")
        }
        let store = DeskStore(database: database)
        do {
            try await store.migrate()
        } catch {
            await database.close()
            throw error
        }
        return store
    }

    /// Applies the migrations the database lacks. Several replicas starting at once may race; the
    /// statements are idempotent, so a loser retries.
    public func migrate() async throws {
        let migrations = DeskSchema.migrations(for: database.dialect)
        var attempt = 0
        while true {
            do {
                try await database.query(
                    "CREATE TABLE IF NOT EXISTS desk_schema (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)")
                let current =
                    try await database.query("SELECT MAX(version) AS version FROM desk_schema").first?
                    .integer("version") ?? 0
                guard current <= Int64(migrations.count) else {
                    throw SQLDatabaseError(
                        "the database's desk schema is version \(current), newer than this build's \(migrations.count)")
                }
                for version in Int(current) + 1..<migrations.count + 1 {
                    for statement in migrations[version - 1] { try await database.query(statement) }
                    try await database.query(
                        "INSERT INTO desk_schema (version, applied_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        [.integer(Int64(version)), .integer(Self.now())])
                }
                return
            } catch let error as SQLDatabaseError where attempt < 5 && !error.description.contains("newer") {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// The schema version the database has.
    public func schemaVersion() async throws -> Int {
        Int(try await database.query("SELECT MAX(version) AS version FROM desk_schema").first?.integer("version") ?? 0)
    }

    /// Closes the database.
    public func close() async { await database.close() }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    // MARK: History

    /// Adds `entry`; false when an entry with its id is already there (a replay or an echo of a
    /// reply already recorded). Entries recorded at the same moment share one statement.
    @discardableResult
    public func record(_ entry: HistoryEntry) async throws -> Bool {
        try await historyWriter.submit(entry)
    }

    /// Inserts `entries` in one statement; per entry, whether it was new (of two with one id in
    /// the batch, only the first).
    static func insertHistory(_ entries: [HistoryEntry], into database: any SQLDatabase) async throws -> [Bool] {
        var values: [String] = []
        var binds: [SQLValue] = []
        for entry in entries {
            let first = binds.count
            values.append("(" + (1...11).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
            binds += try historyValues(entry)
        }
        let rows = try await database.query(
            """
            INSERT INTO history (\(historyColumns)) VALUES \(values.joined(separator: ", "))
            ON CONFLICT DO NOTHING RETURNING id
            """, binds)
        var inserted = Set(rows.compactMap { $0.text("id") })
        return entries.map { inserted.remove($0.id) != nil }
    }

    /// Records an agent's reply, or completes the entry its echo made first (the echo may arrive
    /// before the agent API has written the reply): the entry names the agent either way.
    public func recordAgentReply(_ entry: HistoryEntry) async throws {
        try await database.query(
            """
            INSERT INTO history (\(Self.historyColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO UPDATE SET agent_id = excluded.agent_id, author = excluded.author
            """, try Self.historyValues(entry))
    }

    /// The history table's columns in the order of ``historyValues(_:)``.
    static let historyColumns =
        "id, page_id, user_id, at, author, agent_id, app_id, text, payload, attachments, metadata"

    /// One entry's values, in the order of ``historyColumns``.
    static func historyValues(_ entry: HistoryEntry) throws -> [SQLValue] {
        let attachments =
            entry.attachments.isEmpty
            ? nil : String(decoding: try JSONEncoder().encode(entry.attachments), as: UTF8.self)
        return [
            .text(entry.id), .text(entry.pageID), .text(entry.userID), .integer(entry.at),
            .text(entry.author.rawValue), .text(entry.agentID), .text(entry.appID), .text(entry.text),
            .text(entry.payload), .text(attachments), .text(entry.metadata),
        ]
    }

    /// Up to `limit` entries of a thread, oldest first, older than `before` when given (the
    /// newest page otherwise).
    public func history(pageID: String, userID: String, before: HistoryCursor? = nil, limit: Int) async throws
        -> [HistoryEntry]
    {
        let rows: [SQLRow]
        if let before {
            rows = try await database.query(
                """
                SELECT * FROM history WHERE page_id = $1 AND user_id = $2 AND (at < $3 OR (at = $3 AND id < $4))
                ORDER BY at DESC, id DESC LIMIT $5
                """,
                [.text(pageID), .text(userID), .integer(before.at), .text(before.id), .integer(Int64(limit))])
        } else {
            rows = try await database.query(
                "SELECT * FROM history WHERE page_id = $1 AND user_id = $2 ORDER BY at DESC, id DESC LIMIT $3",
                [.text(pageID), .text(userID), .integer(Int64(limit))])
        }
        return try rows.reversed().map(Self.historyEntry)
    }

    private static func historyEntry(_ row: SQLRow) throws -> HistoryEntry {
        let attachments = try row.text("attachments").map {
            try JSONDecoder().decode([HistoryEntry.Attachment].self, from: Data($0.utf8))
        }
        return HistoryEntry(
            id: row.text("id") ?? "", pageID: row.text("page_id") ?? "", userID: row.text("user_id") ?? "",
            at: row.integer("at") ?? 0, author: HistoryEntry.Author(rawValue: row.text("author") ?? "") ?? .app,
            agentID: row.text("agent_id"), appID: row.text("app_id"), text: row.text("text"),
            payload: row.text("payload"), attachments: attachments ?? [], metadata: row.text("metadata"))
    }

    // MARK: Conversations

    /// Stores a new conversation; false when the thread already has an open one or the id was
    /// seen before (a replayed handoff).
    public func insert(_ conversation: Conversation, actor: String) async throws -> Bool {
        let rows = try await database.query(
            """
            INSERT INTO conversations (id, page_id, user_id, state, agent_id, reason, handoff_metadata,
                previous_owner_app_id, queued_at, last_user_message_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id
            """,
            [
                .text(conversation.id), .text(conversation.pageID), .text(conversation.userID),
                .text(conversation.state.rawValue), .text(conversation.agentID), .text(conversation.reason.rawValue),
                .text(conversation.handoffMetadata), .text(conversation.previousOwnerAppID),
                .integer(conversation.queuedAt), .integer(conversation.lastUserMessageAt),
                .integer(conversation.version),
            ])
        guard !rows.isEmpty else { return false }
        try await log(
            conversation.id, at: conversation.queuedAt, actor: actor, action: "queue", from: nil,
            to: conversation.state, reason: conversation.reason, agentID: nil)
        return true
    }

    /// Writes `new` over `old` if nobody changed it since `old` was read (same version), and logs
    /// the transition; false when another write won.
    public func update(_ old: Conversation, to new: Conversation, actor: String, action: String, at: Int64)
        async throws -> Bool
    {
        let rows = try await database.query(
            """
            UPDATE conversations SET state = $1, agent_id = $2, reason = $3, offered_at = $4, accepted_at = $5,
                first_reply_at = $6, last_agent_activity_at = $7, last_user_message_at = $8, ended_at = $9,
                missed_offers = $10, declined_by = $11, version = $12, control_until = $15
            WHERE id = $13 AND version = $14 RETURNING id
            """,
            [
                .text(new.state.rawValue), .text(new.agentID), .text(new.reason.rawValue), .integer(new.offeredAt),
                .integer(new.acceptedAt), .integer(new.firstReplyAt), .integer(new.lastAgentActivityAt),
                .integer(new.lastUserMessageAt), .integer(new.endedAt), .integer(Int64(new.missedOffers)),
                .text(new.declinedBy.joined(separator: ",")), .integer(new.version), .text(old.id),
                .integer(old.version), .integer(new.controlUntil),
            ])
        guard !rows.isEmpty else { return false }
        try await log(
            new.id, at: at, actor: actor, action: action, from: old.state, to: new.state,
            reason: old.state != new.state ? new.reason : nil, agentID: new.agentID ?? old.agentID)
        return true
    }

    /// Notes that the user wrote at `at` in the thread's open conversation, in one statement, and
    /// returns that conversation (nil when none is open). Not a decision: it does not bump the
    /// version, so it never makes an agent's compare-and-set fail.
    public func userWrote(pageID: String, userID: String, at: Int64) async throws -> Conversation? {
        try await database.query(
            """
            UPDATE conversations SET last_user_message_at =
                CASE WHEN last_user_message_at IS NULL OR last_user_message_at < $1 THEN $1 ELSE last_user_message_at END
            WHERE page_id = $2 AND user_id = $3 AND state <> 'ended' RETURNING *
            """,
            [.integer(at), .text(pageID), .text(userID)]
        ).first.map(Self.conversation)
    }

    /// The conversation with `id`.
    public func conversation(id: String) async throws -> Conversation? {
        try await database.query("SELECT * FROM conversations WHERE id = $1", [.text(id)]).first.map(Self.conversation)
    }

    /// The thread's open conversation, if any.
    public func openConversation(pageID: String, userID: String) async throws -> Conversation? {
        try await database.query(
            "SELECT * FROM conversations WHERE page_id = $1 AND user_id = $2 AND state <> 'ended'",
            [.text(pageID), .text(userID)]
        ).first.map(Self.conversation)
    }

    /// The thread's latest conversation, open or ended.
    public func latestConversation(pageID: String, userID: String) async throws -> Conversation? {
        try await database.query(
            "SELECT * FROM conversations WHERE page_id = $1 AND user_id = $2 ORDER BY queued_at DESC, id DESC LIMIT 1",
            [.text(pageID), .text(userID)]
        ).first.map(Self.conversation)
    }

    /// Open conversations in `states`, oldest in the queue first; only `agentID`'s when given.
    public func conversations(in states: [Conversation.State], agentID: String? = nil, limit: Int = 500)
        async throws -> [Conversation]
    {
        let list = states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let rows: [SQLRow]
        if let agentID {
            rows = try await database.query(
                "SELECT * FROM conversations WHERE state IN (\(list)) AND agent_id = $1 ORDER BY queued_at, id LIMIT $2",
                [.text(agentID), .integer(Int64(limit))])
        } else {
            rows = try await database.query(
                "SELECT * FROM conversations WHERE state IN (\(list)) ORDER BY queued_at, id LIMIT $1",
                [.integer(Int64(limit))])
        }
        return rows.map(Self.conversation)
    }

    /// Conversations in `state` whose `column` (a moment) is at or before `moment`: the timers'
    /// due list (offers, queue waits, agent silence, lapses).
    public func due(_ state: Conversation.State, column: DueColumn, atOrBefore moment: Int64, limit: Int = 200)
        async throws -> [Conversation]
    {
        try await database.query(
            "SELECT * FROM conversations WHERE state = $1 AND \(column.sql) <= $2 ORDER BY queued_at, id LIMIT $3",
            [.text(state.rawValue), .integer(moment), .integer(Int64(limit))]
        ).map(Self.conversation)
    }

    /// The moments ``due(_:column:atOrBefore:limit:)`` compares.
    public enum DueColumn: Sendable {
        case offeredAt, queuedAt, lastAgentActivityAt, lastUserActivity

        var sql: String {
            switch self {
            case .offeredAt: "offered_at"
            case .queuedAt: "queued_at"
            case .lastAgentActivityAt: "last_agent_activity_at"
            // A day after the user's last word, or a day before the extended control ends if later:
            // due at `now - 1 day` means idle now.
            case .lastUserActivity:
                """
                CASE WHEN control_until IS NOT NULL
                    AND control_until - \(Conversation.lapse) > COALESCE(last_user_message_at, queued_at)
                THEN control_until - \(Conversation.lapse) ELSE COALESCE(last_user_message_at, queued_at) END
                """
            }
        }
    }

    /// How many open conversations each state has.
    public func openCounts() async throws -> [Conversation.State: Int] {
        var counts: [Conversation.State: Int] = [.waiting: 0, .offered: 0, .active: 0]
        for row in try await database.query(
            "SELECT state, COUNT(*) AS n FROM conversations WHERE state <> 'ended' GROUP BY state")
        {
            if let state = row.text("state").flatMap(Conversation.State.init) {
                counts[state] = Int(row.integer("n") ?? 0)
            }
        }
        return counts
    }

    /// Offered and active conversations per agent.
    public func agentLoads() async throws -> [String: Int] {
        var loads: [String: Int] = [:]
        for row in try await database.query(
            "SELECT agent_id, COUNT(*) AS n FROM conversations WHERE state IN ('offered', 'active') AND agent_id IS NOT NULL GROUP BY agent_id"
        ) {
            if let agent = row.text("agent_id") { loads[agent] = Int(row.integer("n") ?? 0) }
        }
        return loads
    }

    private static func conversation(_ row: SQLRow) -> Conversation {
        var conversation = Conversation(
            id: row.text("id") ?? "", pageID: row.text("page_id") ?? "", userID: row.text("user_id") ?? "",
            queuedAt: row.integer("queued_at") ?? 0, handoffMetadata: row.text("handoff_metadata"),
            previousOwnerAppID: row.text("previous_owner_app_id"))
        conversation.state = row.text("state").flatMap(Conversation.State.init) ?? .ended
        conversation.agentID = row.text("agent_id")
        conversation.reason = row.text("reason").flatMap(TransitionReason.init) ?? .queued
        conversation.offeredAt = row.integer("offered_at")
        conversation.acceptedAt = row.integer("accepted_at")
        conversation.firstReplyAt = row.integer("first_reply_at")
        conversation.lastAgentActivityAt = row.integer("last_agent_activity_at")
        conversation.lastUserMessageAt = row.integer("last_user_message_at")
        conversation.endedAt = row.integer("ended_at")
        conversation.missedOffers = Int(row.integer("missed_offers") ?? 0)
        conversation.declinedBy = (row.text("declined_by") ?? "").split(separator: ",").map(String.init)
        conversation.version = row.integer("version") ?? 0
        conversation.controlUntil = row.integer("control_until")
        return conversation
    }

    // MARK: Audit log

    /// One line of a conversation's audit log.
    public struct LogEntry: Sendable, Equatable {
        public var at: Int64
        /// `agent:<id>`, `desk` (the service token), `worker` (events and timers).
        public var actor: String
        public var action: String
        public var from: Conversation.State?
        public var to: Conversation.State?
        public var reason: TransitionReason?
        public var agentID: String?
    }

    /// Logs an action on a conversation.
    public func log(
        _ conversationID: String, at: Int64, actor: String, action: String, from: Conversation.State?,
        to: Conversation.State?, reason: TransitionReason?, agentID: String?
    ) async throws {
        try await database.query(
            """
            INSERT INTO desk_log (conversation_id, at, actor, action, from_state, to_state, reason, agent_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(conversationID), .integer(at), .text(actor), .text(action), .text(from?.rawValue),
                .text(to?.rawValue), .text(reason?.rawValue), .text(agentID),
            ])
    }

    /// A conversation's audit log, oldest first.
    public func log(of conversationID: String) async throws -> [LogEntry] {
        try await database.query(
            "SELECT * FROM desk_log WHERE conversation_id = $1 ORDER BY at", [.text(conversationID)]
        ).map { row in
            LogEntry(
                at: row.integer("at") ?? 0, actor: row.text("actor") ?? "", action: row.text("action") ?? "",
                from: row.text("from_state").flatMap(Conversation.State.init),
                to: row.text("to_state").flatMap(Conversation.State.init),
                reason: row.text("reason").flatMap(TransitionReason.init), agentID: row.text("agent_id"))
        }
    }

    // MARK: Presence

    /// An agent's presence as last reported.
    public struct Presence: Sendable, Equatable {
        public var agentID: String
        public var status: String
        public var lastSeenAt: Int64

        public init(agentID: String, status: String, lastSeenAt: Int64) {
            self.agentID = agentID
            self.status = status
            self.lastSeenAt = lastSeenAt
        }
    }

    /// Records that `agentID` is there with `status` (`online` or `away`) at `at`.
    public func heartbeat(agentID: String, status: String, at: Int64) async throws {
        try await database.query(
            """
            INSERT INTO agent_presence (agent_id, status, last_seen_at) VALUES ($1, $2, $3)
            ON CONFLICT (agent_id) DO UPDATE SET status = excluded.status, last_seen_at = excluded.last_seen_at
            """,
            [.text(agentID), .text(status), .integer(at)])
    }

    /// Every agent's last reported presence.
    public func presence() async throws -> [String: Presence] {
        var result: [String: Presence] = [:]
        for row in try await database.query("SELECT * FROM agent_presence") {
            guard let agent = row.text("agent_id") else { continue }
            result[agent] = Presence(
                agentID: agent, status: row.text("status") ?? "offline", lastSeenAt: row.integer("last_seen_at") ?? 0)
        }
        return result
    }

    // MARK: Desk webhook outbox

    /// Queues a desk event for delivery (ignored when already queued), with the W3C
    /// `traceparent` of the work that caused it.
    public func enqueueDeskEvent(id: String, body: String, trace: String?, at: Int64) async throws {
        try await database.query(
            "INSERT INTO desk_outbox (id, body, trace, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            [.text(id), .text(body), .text(trace), .integer(at)])
    }

    /// An event taken from the outbox for delivery.
    public struct OutboxEvent: Sendable {
        public var id: String
        public var body: String
        public var trace: String?
    }

    /// Takes up to `limit` undelivered events whose lease has run out, leasing each until
    /// `leaseUntil` so another replica does not send it meanwhile.
    public func leaseDeskEvents(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [OutboxEvent] {
        let candidates = try await database.query(
            """
            SELECT id, body, trace FROM desk_outbox WHERE delivered_at IS NULL AND lease_until <= $1
            ORDER BY created_at, id LIMIT $2
            """,
            [.integer(now), .integer(Int64(limit))])
        var leased: [OutboxEvent] = []
        for row in candidates {
            guard let id = row.text("id"), let body = row.text("body") else { continue }
            let won = try await database.query(
                """
                UPDATE desk_outbox SET lease_until = $1, attempts = attempts + 1
                WHERE id = $2 AND delivered_at IS NULL AND lease_until <= $3 RETURNING id
                """,
                [.integer(leaseUntil), .text(id), .integer(now)])
            if !won.isEmpty { leased.append(OutboxEvent(id: id, body: body, trace: row.text("trace"))) }
        }
        return leased
    }

    /// Marks a desk event delivered.
    public func deskEventDelivered(id: String, at: Int64) async throws {
        try await database.query("UPDATE desk_outbox SET delivered_at = $1 WHERE id = $2", [.integer(at), .text(id)])
    }

    /// Undelivered desk events.
    public func pendingDeskEvents() async throws -> Int {
        Int(
            try await database.query("SELECT COUNT(*) AS n FROM desk_outbox WHERE delivered_at IS NULL").first?.integer(
                "n") ?? 0)
    }
}
