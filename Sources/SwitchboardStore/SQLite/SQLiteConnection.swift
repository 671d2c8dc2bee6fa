import CSQLite

/// SQLite through libsqlite3 (DESIGN §8): the embedded default. WAL, foreign keys on, a busy
/// timeout so that a second writer waits for the lock instead of failing, and statement journals
/// in memory (`SQLiteApplier.writeCache` says why).
///
/// A database without a page yet (a file this connection created, or an empty one) is written in
/// rollback-journal mode until its first apply is over, then turned to WAL: in WAL, every page of
/// a first apply is written twice, into the WAL and then into the database when it is checkpointed
/// at the commit; in rollback-journal mode once, an empty database having no page to keep for a
/// rollback. A first apply of a million routes committed in 0.3–0.4 s instead of 1.3–1.6 s, and
/// wrote in 3.2–3.5 s instead of 3.8–4.8 s.
public final class SQLiteConnection: DatabaseConnection {
    public let targetDescription: String
    public let path: String
    /// nil once closed.
    private var handle: OpaquePointer?
    /// Opened without a page, and not in WAL yet (`applyEnded`).
    private var writesInRollbackJournal = false

    /// `SQLITE_TRANSIENT` is a macro Swift does not import: SQLite copies the bound bytes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public init(path: String) throws {
        self.path = path
        targetDescription = "sqlite:\(path)"
        var connection: OpaquePointer?
        let status = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(connection)
            throw DatabaseError("cannot open sqlite:\(path): \(message)")
        }
        handle = connection
        sqlite3_busy_timeout(connection, Self.busyTimeout)
        try execute("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY")
        if try scalar("PRAGMA page_count") == "0" {
            writesInRollbackJournal = true
            // Set before the first table, the one moment it can be: 16 KiB pages, a quarter as many
            // to write (a first apply of 100,000 routes commits in 0.023 s instead of 0.040, in a
            // file of 20.2 MB instead of 21.5). A no-op plan reads every row as fast.
            try execute("PRAGMA page_size = \(Self.newPageSize)")
            // A power cut in rollback-journal mode is survived only with every sync.
            try execute("PRAGMA synchronous = FULL")
        } else {
            try enterWAL()
        }
    }

    deinit { close() }

    /// WAL, where readers never wait for the writer; unless another connection writes the
    /// database in rollback-journal mode now (its first apply): that one turns it to WAL when
    /// done, and this one does not wait for it meanwhile (the daemon's second connection is
    /// opened while its first writes).
    private func enterWAL() throws {
        let handle = try connection()
        sqlite3_busy_timeout(handle, 0)
        let mode = (try? scalar("PRAGMA journal_mode = WAL")) ?? nil
        sqlite3_busy_timeout(handle, Self.busyTimeout)
        // NORMAL syncs less, and loses no committed transaction in WAL only.
        try execute(mode == "wal" ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL")
    }

    /// A database this connection created goes to WAL once its first apply is over, committed
    /// or not.
    public func applyEnded() {
        guard writesInRollbackJournal, handle != nil else { return }
        writesInRollbackJournal = false
        try? enterWAL()
    }

    /// The page size of a database this connection creates, in bytes (SQLite's default: 4096).
    static let newPageSize = 16_384

    /// How long a statement waits for another connection's lock before it fails, in milliseconds.
    static let busyTimeout: Int32 = 30_000

    /// `BEGIN IMMEDIATE` if no other connection holds the write lock now; false (nothing begun)
    /// instead of waiting for it.
    func beginImmediateIfFree() throws -> Bool {
        let handle = try connection()
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeout) }
        let status = sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil)
        if status == SQLITE_BUSY { return false }
        guard status == SQLITE_OK else { throw DatabaseError("\(targetDescription): \(String(cString: sqlite3_errmsg(handle)))") }
        return true
    }

    public func close() {
        applyEnded()
        sqlite3_close_v2(handle)
        handle = nil
    }

    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(try connection(), sql, nil, nil, &error)
        guard status == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(error)
            throw DatabaseError("\(targetDescription): \(message)")
        }
    }

    public func query(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        try bind(parameters, to: statement)
        try step(statement, body)
    }

    /// A prepared statement, for callers that run it many times (bulk writes).
    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(try connection(), sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw DatabaseError("\(targetDescription): \(String(cString: sqlite3_errmsg(handle)))")
        }
        return statement
    }

    /// Binds `parameters` to `?first`, `?first + 1`…
    func bind(_ parameters: [SQLValue], to statement: OpaquePointer, from first: Int32 = 1) throws {
        for (offset, value) in parameters.enumerated() {
            let index = first + Int32(offset)
            let status = switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .integer(let integer): sqlite3_bind_int64(statement, index, integer)
            case .bool(let bool): sqlite3_bind_int64(statement, index, bool ? 1 : 0)
            }
            guard status == SQLITE_OK else { throw DatabaseError("\(targetDescription): \(String(cString: sqlite3_errmsg(handle)))") }
        }
    }

    func step(_ statement: OpaquePointer, _ body: (SQLRow) throws -> Void) throws {
        let columns = Int(sqlite3_column_count(statement))
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: try body(SQLRow(source: .sqlite(statement: statement), columnCount: columns))
            case SQLITE_DONE: return
            default: throw DatabaseError("\(targetDescription): \(String(cString: sqlite3_errmsg(handle)))")
            }
        }
    }

    private func connection() throws -> OpaquePointer {
        guard let handle else { throw DatabaseError("connection to \(targetDescription) is closed") }
        return handle
    }
}

extension SQLiteConnection {
    /// Runs a statement of `perStatement` rows' values (`sql(n)`: the statement for n rows, each
    /// row's parameters following the one before) over `rows`, the rest in one statement of
    /// their own: a statement run has a cost of its own, a third of writing one route.
    func executeMany(_ rows: [[SQLValue]], perStatement: Int, sql: (Int) -> String) throws {
        guard !rows.isEmpty else { return }
        let width = Int32(rows[0].count)
        func run(_ statement: OpaquePointer, _ batch: ArraySlice<[SQLValue]>) throws {
            for (offset, row) in batch.enumerated() { try bind(row, to: statement, from: 1 + Int32(offset) * width) }
            try step(statement) { _ in }
            sqlite3_reset(statement)
            // A row with fewer values than the statement's parameters binds NULL to the rest, not
            // the row's before.
            sqlite3_clear_bindings(statement)
        }
        let full = rows.count / perStatement
        if full > 0 {
            let statement = try prepare(sql(perStatement))
            defer { sqlite3_finalize(statement) }
            for batch in 0..<full { try run(statement, rows[(batch * perStatement)..<((batch + 1) * perStatement)]) }
        }
        if rows.count % perStatement > 0 {
            let statement = try prepare(sql(rows.count % perStatement))
            defer { sqlite3_finalize(statement) }
            try run(statement, rows[(full * perStatement)...])
        }
    }

    /// `?7, ?8, ?9`: the parameters of row `row` (from 0) of a statement of rows `width` values
    /// wide, numbered as `executeMany(_:perStatement:sql:)` binds them.
    static func parameters(ofRow row: Int, width: Int) -> String {
        (1...width).map { "?\(row * width + $0)" }.joined(separator: ", ")
    }

    /// Runs one statement once per row of parameters, prepared once (DESIGN §8: one prepared
    /// statement per kind in one transaction).
    public func executeMany(_ sql: String, _ rows: [[SQLValue]]) throws {
        try executeMany(rows, perStatement: 1) { _ in sql }
    }
}
