import Logging
import SQLiteNIO

/// The embedded store: one SQLite file (or memory), for one agent-worker replica.
///
/// One connection, opened with SQLite's full mutex, in WAL mode so readers do not wait for the
/// writer. `$N` placeholders are rewritten to SQLite's numbered `?N`, so a statement may use a
/// parameter twice or out of order.
public final class SQLiteDatabase: SQLDatabase {
    public var dialect: SQLDialect { .sqlite }
    private let connection: SQLiteConnection

    /// Opens (creating when missing) the database at `path`; `":memory:"` keeps it in memory.
    public static func open(path: String, logger: Logger) async throws -> SQLiteDatabase {
        let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw SQLDatabaseError("cannot open the SQLite database at \(path): \(error)")
        }
        let database = SQLiteDatabase(connection: connection)
        if path != ":memory:" {
            try await database.query("PRAGMA journal_mode=WAL")
            // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash of the process
            // loses nothing; a power cut may lose the last commits, which Kafka replays (the
            // writes are idempotent by event and message id).
            try await database.query("PRAGMA synchronous=NORMAL")
        }
        try await database.query("PRAGMA busy_timeout=5000")
        return database
    }

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    @discardableResult
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let data = binds.map { value -> SQLiteData in
            switch value {
            case .text(let text): .text(text)
            case .integer(let integer): .integer(SQLiteInt64(integer))
            case .null: .null
            }
        }
        let rows: [SQLiteRow]
        var attempt = 0
        while true {
            do {
                rows = try await connection.query(Self.numbered(sql), data)
                break
            } catch let error as SQLiteError
                where [.busy, .busyInSnapshot, .busyTimeout, .locked].contains(error.reason) && attempt < 20
            {
                // Another connection to the file wrote between this statement's read and its
                // write (WAL's BUSY_SNAPSHOT, which the busy timeout does not wait out). Every
                // statement is atomic on its own and did not commit: running it again is safe.
                attempt += 1
                try await Task.sleep(for: .milliseconds(5 * attempt))
            } catch {
                throw SQLDatabaseError("SQLite: \(error)")
            }
        }
        return rows.map { row in
            var values: [String: SQLValue] = [:]
            for column in row.columns {
                switch column.data {
                case .integer(let integer): values[column.name] = .integer(Int64(integer))
                case .text(let text): values[column.name] = .text(text)
                case .float(let double): values[column.name] = .integer(Int64(double))
                case .blob(let buffer): values[column.name] = .text(String(buffer: buffer))
                case .null: values[column.name] = .null
                }
            }
            return SQLRow(values)
        }
    }

    public func close() async {
        try? await connection.close()
    }

    /// `$12` → `?12`: SQLite reads `$12` as a named parameter numbered by first appearance.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count)
        var previousWasDollar = false
        for character in sql {
            if previousWasDollar {
                result.append(character.isNumber ? "?" : "$")
                previousWasDollar = false
            }
            if character == "$" {
                previousWasDollar = true
                continue
            }
            result.append(character)
        }
        if previousWasDollar { result.append("$") }
        return result
    }
}
