/// The two SQL dialects switchboard speaks.
public enum SQLDialect: String, Sendable {
    case postgres, sqlite
}

/// A value bound to a statement parameter. Parameters are always bound, never spliced into SQL.
public enum SQLValue: Hashable, Sendable {
    case null
    case text(String)
    case integer(Int64)
    case bool(Bool)

    public init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    public init(_ integer: Int?) { self = integer.map { .integer(Int64($0)) } ?? .null }
}

/// One open connection to the platform's database. Drivers: `PostgresConnection` (libpq) and
/// `SQLiteConnection` (libsqlite3). A connection belongs to one task at a time (not Sendable).
public protocol DatabaseConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Where this connection points, for messages: never holds a password.
    var targetDescription: String { get }

    /// Runs SQL without parameters; several statements separated by `;` are allowed (migrations).
    func execute(_ sql: String) throws
    /// Runs one statement with bound parameters (`$1`, `$2`… on PostgreSQL, `?1`, `?2`… on SQLite)
    /// and calls `body` for each result row.
    func query(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws
    /// Closes the connection; further use is an error.
    func close()
}

extension DatabaseConnection {
    /// Runs one statement with bound parameters, ignoring any result rows.
    public func run(_ sql: String, _ parameters: [SQLValue] = []) throws {
        try query(sql, parameters) { _ in }
    }

    /// The rows of a query, each as its columns' text (nil for NULL). For small results.
    public func rows(_ sql: String, _ parameters: [SQLValue] = []) throws -> [[String?]] {
        var rows: [[String?]] = []
        try query(sql, parameters) { row in rows.append((0..<row.columnCount).map { row.text($0) }) }
        return rows
    }

    /// The first column of the first row, as text.
    public func scalar(_ sql: String, _ parameters: [SQLValue] = []) throws -> String? {
        try rows(sql, parameters).first?.first ?? nil
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// - Parameter immediate: on SQLite, take the write lock at BEGIN (`BEGIN IMMEDIATE`), so two
    ///   writers serialise instead of failing on upgrade.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(dialect == .sqlite && immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
