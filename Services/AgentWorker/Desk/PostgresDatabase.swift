import Foundation
import Logging
import PostgresNIO

/// The shared store: a PostgreSQL database several agent-worker replicas use at once, through
/// postgres-nio's connection pool.
public final class PostgresDatabase: SQLDatabase {
    public var dialect: SQLDialect { .postgres }
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    /// A pool for `url`, `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`
    /// (default TLS: prefer), started at once. Fails only on a malformed URL: connection failures
    /// surface on the first query.
    public init(url: String, logger: Logger) throws {
        client = PostgresClient(configuration: try Self.configuration(url: url), backgroundLogger: logger)
        let client = client
        runner = Task { await client.run() }
    }

    @discardableResult
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .text(let text): bindings.append(text)
            case .integer(let integer): bindings.append(integer)
            case .null: bindings.appendNull()
            }
        }
        do {
            var rows: [SQLRow] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings)) {
                var values: [String: SQLValue] = [:]
                for cell in row {
                    guard cell.bytes != nil else {
                        values[cell.columnName] = .null
                        continue
                    }
                    switch cell.dataType {
                    case .int2, .int4, .int8: values[cell.columnName] = .integer(try cell.decode(Int64.self))
                    default: values[cell.columnName] = .text(try cell.decode(String.self))
                    }
                }
                rows.append(SQLRow(values))
            }
            return rows
        } catch let error as PSQLError {
            throw SQLDatabaseError("PostgreSQL: \(error.serverInfo?[.message] ?? String(reflecting: error.code))")
        } catch {
            throw SQLDatabaseError("PostgreSQL: \(error)")
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// The client configuration a `postgres://` URL names.
    static func configuration(url: String) throws -> PostgresClient.Configuration {
        let scheme: String
        if url.hasPrefix("postgres://") {
            scheme = "postgres://"
        } else if url.hasPrefix("postgresql://") {
            scheme = "postgresql://"
        } else {
            throw SQLDatabaseError("a PostgreSQL URL starts with postgres://")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@"), let slash = rest[at...].firstIndex(of: "/") else {
            throw SQLDatabaseError("a PostgreSQL URL names user@host/database")
        }
        let credentials = rest[..<at]
        let hostPort = rest[rest.index(after: at)..<slash]
        let database = String(rest[rest.index(after: slash)...])
        let user: String
        var password: String?
        if let colon = credentials.firstIndex(of: ":") {
            user = String(credentials[..<colon])
            password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
        } else {
            user = String(credentials)
        }
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw SQLDatabaseError("the PostgreSQL URL's port must be a number from 1 to 65535")
            }
            port = number
            host = String(hostPort[..<colon])
        }
        guard !user.isEmpty, !host.isEmpty, !database.isEmpty else {
            throw SQLDatabaseError("a PostgreSQL URL names user@host/database")
        }
        var tls = PostgresClient.Configuration.TLS.prefer(.makeClientConfiguration())
        for pair in query.split(separator: "&") where pair.hasPrefix("sslmode=") {
            switch pair.dropFirst("sslmode=".count) {
            case "disable": tls = .disable
            case "prefer": tls = .prefer(.makeClientConfiguration())
            case "require": tls = .require(.makeClientConfiguration())
            default: throw SQLDatabaseError("sslmode must be disable, prefer or require")
            }
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: user.removingPercentEncoding ?? user, password: password,
            database: database, tls: tls)
    }
}
