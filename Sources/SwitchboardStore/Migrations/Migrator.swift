/// Applies the embedded migrations (DESIGN §2): each in its own transaction, recorded in
/// `switchboard_migrations (version, name, checksum, applied_at)`, serialised by a lock
/// (a PostgreSQL advisory lock; SQLite's `BEGIN IMMEDIATE` write lock).
public struct Migrator {
    public enum State: Equatable, Sendable {
        case applied(at: String)
        case pending
    }

    public struct Status: Sendable {
        public var migration: Migration
        public var state: State
    }

    let connection: any DatabaseConnection
    public let migrations: [Migration]

    public init(connection: any DatabaseConnection) {
        self.connection = connection
        migrations = connection.migrations
    }

    /// Only the migrations up to `version`: an older switchboard's schema, for tests of upgrades.
    init(connection: any DatabaseConnection, through version: Int) {
        self.connection = connection
        migrations = connection.migrations.filter { $0.version <= version }
    }

    /// Where each embedded migration stands. Reads only; a changed checksum is an error.
    public func status() throws -> [Status] {
        let applied = try appliedMigrations()
        try verify(applied)
        return migrations.map { migration in
            Status(migration: migration, state: applied[migration.version].map { .applied(at: $0.appliedAt) } ?? .pending)
        }
    }

    /// The migrations not applied yet.
    public func pending() throws -> [Migration] {
        try status().filter { $0.state == .pending }.map(\.migration)
    }

    /// The SQL that `migrate` would run now (for `--dry-run`).
    public func pendingSQL() throws -> String {
        try pending().map { migration in
            "-- migration \(migration.version): \(migration.name)\n\(migration.steps.map(connection.sql(for:)).joined(separator: "\n"))\n"
        }.joined(separator: "\n")
    }

    /// Applies every pending migration; returns those it applied (none when up to date).
    @discardableResult
    public func migrate() throws -> [Migration] {
        try connection.lockMigrations()
        defer { connection.unlockMigrations() }
        try createBookkeepingTable()
        var done: [Migration] = []
        for migration in migrations {
            let applied = try connection.transaction {
                // Read again under the lock: another process may have applied it meanwhile.
                let recorded = try appliedMigrations()
                try verify(recorded)
                if recorded[migration.version] != nil { return false }
                try applyAndRecord(migration)
                return true
            }
            if applied { done.append(migration) }
        }
        return done
    }

    /// Applies every pending migration in the caller's transaction, whose end commits or rolls
    /// them back with it. Only for a database that holds no table (`holdsNoTable`): altering the
    /// platform's tables would lock them for as long as the files take to read. False, having done
    /// nothing, while another process migrates.
    private func migrateInTransaction() throws -> Bool {
        guard try connection.tryLockMigrationsInTransaction() else { return false }
        try createBookkeepingTable()
        let recorded = try appliedMigrations()
        try verify(recorded)
        for migration in migrations where recorded[migration.version] == nil { try applyAndRecord(migration) }
        return true
    }

    /// For a database that holds no table: begins the apply's transaction (`applier.beginIfFree`)
    /// and applies every migration in it, so that they commit or roll back with the apply. False,
    /// nothing begun: the database has tables, another run holds the reconciler's lock, or another
    /// process migrates.
    public func beginAndMigrateIfNoTable(with applier: any PlanApplier) throws -> Bool {
        guard try connection.holdsNoTable(), try applier.beginIfFree() else { return false }
        if try migrateInTransaction() { return true }
        try connection.execute("ROLLBACK")
        return false
    }

    private func applyAndRecord(_ migration: Migration) throws {
        try apply(migration)
        try connection.run(
            connection.recordMigrationSQL,
            [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
    }

    private func apply(_ migration: Migration) throws {
        do {
            for step in migration.steps { try connection.apply(step) }
        } catch let error as DatabaseError {
            throw DatabaseError("migration \(migration.version) (\(migration.name)) failed, nothing of it applied: \(error.message)")
        }
    }

    private struct Record {
        var checksum: String
        var appliedAt: String
    }

    private func appliedMigrations() throws -> [Int: Record] {
        guard try bookkeepingTableExists() else { return [:] }
        var records: [Int: Record] = [:]
        try connection.query("SELECT version, checksum, CAST(applied_at AS TEXT) FROM switchboard_migrations", []) { row in
            records[Int(row.integer(0) ?? 0)] = Record(checksum: row.text(1) ?? "", appliedAt: row.text(2) ?? "")
        }
        return records
    }

    /// An applied migration must be the one this binary embeds, byte for byte.
    private func verify(_ applied: [Int: Record]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else {
                throw DatabaseError("\(connection.targetDescription) has migration \(version), which this switchboard does not know: upgrade switchboard")
            }
            guard migration.checksum == record.checksum else {
                throw DatabaseError("migration \(version) (\(migration.name)) was applied with checksum \(record.checksum.prefix(12))…, but this switchboard embeds \(migration.checksum.prefix(12))…: an applied migration must never change")
            }
        }
    }

    private func createBookkeepingTable() throws {
        try connection.execute(connection.migrationsTableSQL)
    }

    private func bookkeepingTableExists() throws -> Bool {
        try connection.tableExists("switchboard_migrations")
    }
}
