/// The desk's tables, as numbered migrations. The store applies the ones a database lacks, in
/// order, at start-up; a replica that finds a newer schema than it knows refuses to start.
///
/// One schema for both backends: text and 64-bit integers only, statements in the SQL both speak.
/// Where they differ (none yet beyond types), a migration has a variant per dialect.
enum DeskSchema {
    /// Migration `n` is `migrations[n - 1]`.
    static func migrations(for dialect: SQLDialect) -> [[String]] {
        [
            [
                """
                CREATE TABLE IF NOT EXISTS conversations (
                    id TEXT PRIMARY KEY,
                    page_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    agent_id TEXT,
                    reason TEXT NOT NULL,
                    handoff_metadata TEXT,
                    previous_owner_app_id TEXT,
                    queued_at BIGINT NOT NULL,
                    offered_at BIGINT,
                    accepted_at BIGINT,
                    first_reply_at BIGINT,
                    last_agent_activity_at BIGINT,
                    last_user_message_at BIGINT,
                    ended_at BIGINT,
                    missed_offers BIGINT NOT NULL DEFAULT 0,
                    declined_by TEXT NOT NULL DEFAULT '',
                    version BIGINT NOT NULL DEFAULT 0
                )
                """,
                // At most one open conversation per thread: a second handoff while one is open
                // (or a replayed one) inserts nothing.
                "CREATE UNIQUE INDEX IF NOT EXISTS conversations_open ON conversations (page_id, user_id) WHERE state <> 'ended'",
                "CREATE INDEX IF NOT EXISTS conversations_by_state ON conversations (state, queued_at)",
                "CREATE INDEX IF NOT EXISTS conversations_by_agent ON conversations (agent_id, state)",
                """
                CREATE TABLE IF NOT EXISTS history (
                    id TEXT PRIMARY KEY,
                    page_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    author TEXT NOT NULL,
                    agent_id TEXT,
                    app_id TEXT,
                    text TEXT,
                    payload TEXT,
                    attachments TEXT,
                    metadata TEXT
                )
                """,
                "CREATE INDEX IF NOT EXISTS history_by_thread ON history (page_id, user_id, at, id)",
                // Every transition and agent action, with who did it: the audit trail.
                """
                CREATE TABLE IF NOT EXISTS desk_log (
                    conversation_id TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT,
                    reason TEXT,
                    agent_id TEXT
                )
                """,
                "CREATE INDEX IF NOT EXISTS desk_log_by_conversation ON desk_log (conversation_id, at)",
                """
                CREATE TABLE IF NOT EXISTS agent_presence (
                    agent_id TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    last_seen_at BIGINT NOT NULL
                )
                """,
                // Desk webhook events waiting to be delivered (at least once, across restarts).
                """
                CREATE TABLE IF NOT EXISTS desk_outbox (
                    id TEXT PRIMARY KEY,
                    body TEXT NOT NULL,
                    trace TEXT,
                    created_at BIGINT NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    lease_until BIGINT NOT NULL DEFAULT 0,
                    delivered_at BIGINT
                )
                """,
                "CREATE INDEX IF NOT EXISTS desk_outbox_pending ON desk_outbox (delivered_at, created_at)",
            ],
            [
                // The agent console's sign-ins: the SHA-256 of the cookie's session id (the id
                // itself is never stored), its CSRF token and when it ends.
                """
                CREATE TABLE IF NOT EXISTS console_sessions (
                    id_sha256 TEXT PRIMARY KEY,
                    agent_id TEXT NOT NULL,
                    csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX IF NOT EXISTS console_sessions_by_expiry ON console_sessions (expires_at)",
                // Replies by idempotency key: a reply retried with the same key is sent once.
                """
                CREATE TABLE IF NOT EXISTS reply_keys (
                    agent_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    message_id TEXT,
                    answer TEXT,
                    PRIMARY KEY (agent_id, key)
                )
                """,
                "CREATE INDEX IF NOT EXISTS reply_keys_by_age ON reply_keys (created_at)",
            ],
            [
                // Until when the agent app extended its control of the thread (extend_thread_control):
                // the conversation does not lapse before then.
                "ALTER TABLE conversations ADD COLUMN control_until BIGINT"
            ],
            [
                // The console's sign-in attempts per agent id, shared by every replica: how many
                // since the run started (a run ends a throttle window after its start, or at a
                // successful sign-in).
                """
                CREATE TABLE IF NOT EXISTS console_sign_in_attempts (
                    agent_id TEXT PRIMARY KEY,
                    attempts BIGINT NOT NULL,
                    since BIGINT NOT NULL
                )
                """,
                "CREATE INDEX IF NOT EXISTS console_sign_in_attempts_by_age ON console_sign_in_attempts (since)",
            ],
        ]
    }
}
