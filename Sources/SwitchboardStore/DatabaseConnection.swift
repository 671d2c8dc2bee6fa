import SwitchboardModel
import SwitchboardPlan

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

/// One open connection to the platform's database, and its driver: everything that differs
/// between the two dialects is answered here, in each driver's own folder (`Postgres/`: libpq;
/// `SQLite/`: libsqlite3), never by a branch on the dialect elsewhere (Atlas's layout). A
/// connection belongs to one task at a time (not Sendable).
public protocol DatabaseConnection: AnyObject {
    /// Where this connection points, for messages: never holds a password.
    var targetDescription: String { get }

    /// Runs SQL without parameters; several statements separated by `;` are allowed (migrations).
    func execute(_ sql: String) throws
    /// Runs one statement with bound parameters (`$1`, `$2`… on PostgreSQL, `?1`, `?2`… on SQLite)
    /// and calls `body` for each result row.
    func query(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws
    /// Closes the connection; further use is an error.
    func close()

    // MARK: The dialect's vocabulary

    /// The n-th statement parameter: `$1` or `?1`.
    func placeholder(_ index: Int) -> String
    /// A boolean written in SQL: `true` or `1`.
    func literal(_ value: Bool) -> String
    /// `tenant_routing`'s key column (the platform's SQLite build names it otherwise, DESIGN §2).
    var routeKeyColumn: String { get }
    /// The statement that opens a transaction (`BEGIN IMMEDIATE` takes SQLite's write lock at once).
    func beginStatement(immediate: Bool) -> String

    // MARK: Schema

    func tableExists(_ table: String) throws -> Bool
    func columnExists(_ table: String, _ column: String) throws -> Bool
    /// The embedded migrations, in order.
    var migrations: [Migration] { get }
    /// The SQL of one migration step, as `migrate --dry-run` prints it.
    func sql(for step: Migration.Step) -> String
    /// Runs one migration step (adding a column only when missing).
    func apply(_ step: Migration.Step) throws
    /// Serialises migrations across processes (a no-op where the transaction already does).
    func lockMigrations() throws
    func unlockMigrations()
    /// The same lock, taken inside the caller's transaction and held until it ends; false, without
    /// waiting, while another process holds it.
    func tryLockMigrationsInTransaction() throws -> Bool
    /// No table nor view where the migrations create theirs: nothing of the platform's to alter, and
    /// nobody else's rows to lock (`Migrator.beginAndMigrateIfNoTable`).
    func holdsNoTable() throws -> Bool
    /// Creates `switchboard_migrations` when missing, and records one migration in it.
    var migrationsTableSQL: String { get }
    var recordMigrationSQL: String { get }

    // MARK: Reading a scope

    /// ` WHERE column IN (the ids)`, the ids bound as one parameter.
    func condition(column: String, in ids: [Int64]) -> (String, [SQLValue])
    /// ` WHERE (a, b) IN (the pairs)`, the pairs bound as one or two parameters.
    func condition(columns: String, in pairs: [(String, String)]) -> (String, [SQLValue])

    // MARK: Writing

    /// The writer of plans, in this dialect.
    func makeApplier() -> any PlanApplier
    /// Called once an apply's transaction is over, committed or not (SQLite turns a database it
    /// created to WAL then).
    func applyEnded()
    /// `switchboard export`: records rows as managed, fills slugs and facts, under the reconciler's lock.
    func adopt(_ keys: [ManagedKey], slugs: [(tenantID: Int64, slug: String)], facts: [RowFactsUpdate], revision: String?) throws

    // MARK: Ownership (`OwnershipLedger` decides; these run its SQL)

    /// The query of `(kind, keys)` of the `switchboard_ownership` buckets in this list (nil: all of
    /// them) and of these kinds; a bucket may come twice. `keys` is read by `forEachStoredKey`: one
    /// row per bucket, where one row per key made a million rows for the driver to step through.
    func ownedBucketsQuery(inBuckets buckets: [OwnershipBucket]?, wholeKinds: [ResourceKind]) -> (String, [SQLValue])
    /// Calls `body` with the UTF-8 of each key of a bucket's `keys` column as this dialect stores
    /// them (valid only during the call); throws when they are not in that form.
    func forEachStoredKey(in keys: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws
    /// The query of `(kind, key, protected, secret_refs)` of these rows (nil: all of them) and of
    /// every row of these kinds in `switchboard_row_facts`.
    func rowFactsQuery(of keys: [ManagedKey]?, wholeKinds: [ResourceKind]) -> (String, [SQLValue])
    /// Writes these buckets whole: each its keys (sorted, each once) and `revision`, or no row when it has no key left.
    /// - Parameter prepared: buckets whose keys are already written as this dialect stores them
    ///   (`OwnershipChange.storedAdded`), which it takes as they are.
    func replaceOwnership(_ buckets: [(OwnershipBucket, [String])], prepared: [OwnershipBucket: String], revision: String?) throws
    /// Sets these rows' facts in `switchboard_row_facts`; `.none` removes the row's facts.
    func recordFacts(_ facts: [RowFactsUpdate]) throws
}

extension DatabaseConnection {
    public func applyEnded() {}

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
    /// - Parameters:
    ///   - immediate: on SQLite, take the write lock at BEGIN (`BEGIN IMMEDIATE`), so two
    ///     writers serialise instead of failing on upgrade.
    ///   - begun: the transaction is open already (`PlanApplier.beginIfFree`): no BEGIN.
    public func transaction<T>(immediate: Bool = true, begun: Bool = false, _ body: () throws -> T) throws -> T {
        if !begun { try execute(beginStatement(immediate: immediate)) }
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
