extension DeskStore {
    // MARK: Console sessions

    /// A signed-in agent console: who, its CSRF token and when it ends (ms since 1970).
    public struct ConsoleSession: Sendable, Equatable {
        /// The agent signed in.
        public var agentID: String
        /// The token every state-changing request of this session must carry.
        public var csrfToken: String
        /// When it was created.
        public var createdAt: Int64
        /// When it ends.
        public var expiresAt: Int64

        /// A session with these values.
        public init(agentID: String, csrfToken: String, createdAt: Int64, expiresAt: Int64) {
            self.agentID = agentID
            self.csrfToken = csrfToken
            self.createdAt = createdAt
            self.expiresAt = expiresAt
        }
    }

    /// Stores a session under the SHA-256 (hex) of its id.
    public func createSession(idSHA256: String, _ session: ConsoleSession) async throws {
        try await database.query(
            """
            INSERT INTO console_sessions (id_sha256, agent_id, csrf_token, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5)
            """,
            [
                .text(idSHA256), .text(session.agentID), .text(session.csrfToken), .integer(session.createdAt),
                .integer(session.expiresAt),
            ])
    }

    /// The session stored under `idSHA256` that has not ended at `now`.
    public func session(idSHA256: String, at now: Int64) async throws -> ConsoleSession? {
        try await database.query(
            "SELECT * FROM console_sessions WHERE id_sha256 = $1 AND expires_at > $2", [.text(idSHA256), .integer(now)]
        ).first.map { row in
            ConsoleSession(
                agentID: row.text("agent_id") ?? "", csrfToken: row.text("csrf_token") ?? "",
                createdAt: row.integer("created_at") ?? 0, expiresAt: row.integer("expires_at") ?? 0)
        }
    }

    /// Ends the session stored under `idSHA256` (signing out).
    public func deleteSession(idSHA256: String) async throws {
        try await database.query("DELETE FROM console_sessions WHERE id_sha256 = $1", [.text(idSHA256)])
    }

    /// Forgets sessions that ended before `now`, reply keys older than `keysBefore`, and runs of
    /// sign-in attempts that started before `attemptsBefore`.
    public func forgetExpired(
        sessionsBefore now: Int64, replyKeysBefore keysBefore: Int64, signInAttemptsBefore attemptsBefore: Int64
    ) async throws {
        try await database.query("DELETE FROM console_sessions WHERE expires_at <= $1", [.integer(now)])
        try await database.query("DELETE FROM reply_keys WHERE created_at < $1", [.integer(keysBefore)])
        try await database.query(
            "DELETE FROM console_sign_in_attempts WHERE since < $1", [.integer(attemptsBefore)])
    }

    // MARK: Sign-in attempts

    /// Counts a sign-in attempt for `agentID` at `now` and returns the attempts of its current run,
    /// this one included. A run starts with its first attempt and ends `window` ms later (the
    /// next attempt starts a new one) or at ``clearSignInAttempts(agentID:)``.
    ///
    /// One statement, so attempts through any number of replicas at once are each counted:
    /// the throttle holds across the whole deployment, not per replica.
    public func countSignInAttempt(agentID: String, at now: Int64, window: Int64) async throws -> Int {
        let row = try await database.query(
            """
            INSERT INTO console_sign_in_attempts (agent_id, attempts, since) VALUES ($1, 1, $2)
            ON CONFLICT (agent_id) DO UPDATE SET
                attempts = CASE WHEN console_sign_in_attempts.since <= $3 THEN 1
                    ELSE console_sign_in_attempts.attempts + 1 END,
                since = CASE WHEN console_sign_in_attempts.since <= $3 THEN $2
                    ELSE console_sign_in_attempts.since END
            RETURNING attempts
            """,
            [.text(agentID), .integer(now), .integer(now - window)]
        ).first
        // No count back means nothing was counted: fail closed rather than let every try be a first.
        guard let attempts = row?.integer("attempts") else {
            throw SQLDatabaseError("the sign-in attempt was not counted")
        }
        return Int(attempts)
    }

    /// Ends the run of sign-in attempts of `agentID` (after a successful sign-in).
    public func clearSignInAttempts(agentID: String) async throws {
        try await database.query("DELETE FROM console_sign_in_attempts WHERE agent_id = $1", [.text(agentID)])
    }

    // MARK: Reply idempotency

    /// What an idempotency key says about a reply.
    public enum ReplyClaim: Sendable, Equatable {
        /// The key is new and now this caller's: send, then ``completeReply(agentID:key:answer:)``.
        case claimed
        /// A reply with this key was sent; its answer (JSON) is kept.
        case sent(answer: String)
        /// Another request with this key is being sent right now.
        case inProgress
    }

    /// Claims `key` for a reply by `agentID`.
    public func claimReply(agentID: String, key: String, at: Int64) async throws -> ReplyClaim {
        let inserted = try await database.query(
            """
            INSERT INTO reply_keys (agent_id, key, created_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING RETURNING key
            """,
            [.text(agentID), .text(key), .integer(at)])
        if !inserted.isEmpty { return .claimed }
        let existing = try await database.query(
            "SELECT answer FROM reply_keys WHERE agent_id = $1 AND key = $2", [.text(agentID), .text(key)])
        if let answer = existing.first?.text("answer") { return .sent(answer: answer) }
        return existing.isEmpty ? try await claimReply(agentID: agentID, key: key, at: at) : .inProgress
    }

    /// Records the answer of the reply sent under `key`.
    public func completeReply(agentID: String, key: String, answer: String) async throws {
        try await database.query(
            "UPDATE reply_keys SET answer = $1 WHERE agent_id = $2 AND key = $3",
            [.text(answer), .text(agentID), .text(key)])
    }

    /// Gives `key` up after its reply was not sent, so a retry may send it.
    public func releaseReply(agentID: String, key: String) async throws {
        try await database.query(
            "DELETE FROM reply_keys WHERE agent_id = $1 AND key = $2 AND answer IS NULL", [.text(agentID), .text(key)])
    }

    // MARK: Changes

    /// A value that changes whenever an open conversation is queued, changes state, is answered
    /// or hears from its user, or ends: what the console's live updates poll (one indexed
    /// aggregate over open conversations, cheap however long the history is).
    public func changeMark() async throws -> String {
        let row = try await database.query(
            """
            SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v, COALESCE(MAX(queued_at), 0) AS q,
                COALESCE(MAX(last_user_message_at), 0) AS u, COALESCE(MAX(last_agent_activity_at), 0) AS a
            FROM conversations WHERE state <> 'ended'
            """
        ).first
        let values = ["n", "v", "q", "u", "a"].map { row?.integer($0) ?? 0 }
        return values.map(String.init).joined(separator: ".")
    }
}
