/// A value bound to, or read from, a SQL statement: the desk stores only text and 64-bit integers,
/// so one schema and one set of statements serve SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    /// `.text`, or `.null` for nil.
    public static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// `.integer`, or `.null` for nil.
    public static func integer(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
}

/// One result row, by column name.
public struct SQLRow: Sendable {
    /// The row's values.
    public var values: [String: SQLValue]

    /// A row of `values`.
    public init(_ values: [String: SQLValue]) { self.values = values }

    /// The text in `column`, nil when NULL or absent.
    public func text(_ column: String) -> String? {
        if case .text(let value)? = values[column] { return value }
        return nil
    }

    /// The integer in `column`, nil when NULL or absent.
    public func integer(_ column: String) -> Int64? {
        switch values[column] {
        case .integer(let value)?: value
        case .text(let value)?: Int64(value)
        default: nil
        }
    }
}

/// Which SQL the database speaks, where the two differ (the schema's migrations only).
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A database the desk's store runs statements on. Statements use `$1`, `$2`, … placeholders; each
/// call is one statement, atomic on its own (the store's writes are single compare-and-set
/// statements, so neither backend needs a transaction API).
public protocol SQLDatabase: Sendable {
    /// The SQL the database speaks.
    var dialect: SQLDialect { get }
    /// Runs one statement with `binds` and returns its rows (none for most writes).
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Closes the connections; later queries fail.
    func close() async
}

extension SQLDatabase {
    /// Runs `sql` without binds.
    @discardableResult
    public func query(_ sql: String) async throws -> [SQLRow] { try await query(sql, []) }
}

/// A failure of the database itself (connection, syntax, constraint), with the driver's message.
public struct SQLDatabaseError: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
