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

    /// Key of the advisory lock that serialises migrations on PostgreSQL ("SWBMIGR" in ASCII).
    static let advisoryLockKey: Int64 = 0x53_57_42_4D_49_47_52

    let connection: any DatabaseConnection
    public let migrations: [Migration]

    public init(connection: any DatabaseConnection) {
        self.connection = connection
        migrations = connection.dialect == .postgres ? PostgresMigrations.all : SQLiteMigrations.all
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
        try pending().map { "-- migration \($0.version): \($0.name)\n\($0.sql(for: connection.dialect))\n" }.joined(separator: "\n")
    }

    /// Applies every pending migration; returns those it applied (none when up to date).
    @discardableResult
    public func migrate() throws -> [Migration] {
        if connection.dialect == .postgres {
            try connection.run("SELECT pg_advisory_lock($1)", [.integer(Self.advisoryLockKey)])
        }
        defer {
            if connection.dialect == .postgres {
                try? connection.run("SELECT pg_advisory_unlock($1)", [.integer(Self.advisoryLockKey)])
            }
        }
        try createBookkeepingTable()
        var done: [Migration] = []
        for migration in migrations {
            let applied = try connection.transaction {
                // Read again under the lock: another process may have applied it meanwhile.
                let recorded = try appliedMigrations()
                try verify(recorded)
                if recorded[migration.version] != nil { return false }
                try apply(migration)
                try connection.run(
                    connection.dialect == .postgres
                        ? "INSERT INTO switchboard_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, now())"
                        : "INSERT INTO switchboard_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
                return true
            }
            if applied { done.append(migration) }
        }
        return done
    }

    private func apply(_ migration: Migration) throws {
        do {
            for step in migration.steps {
                switch step {
                case .sql(let sql):
                    try connection.execute(sql)
                case .addColumn(let table, let column, let definition, let ifTableExists):
                    switch connection.dialect {
                    case .postgres:
                        try connection.execute(Migration(version: 0, name: "", steps: [step]).sql(for: .postgres))
                    case .sqlite:
                        let schema = SchemaInspector(connection: connection)
                        guard try schema.tableExists(table) else {
                            if ifTableExists { continue }
                            throw DatabaseError("table \(table) does not exist")
                        }
                        if try !schema.columnExists(table, column) {
                            try connection.execute("ALTER TABLE \(table) ADD COLUMN \(column) \(definition)")
                        }
                    }
                }
            }
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
        try connection.execute(connection.dialect == .postgres
            ? "CREATE TABLE IF NOT EXISTS switchboard_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            : "CREATE TABLE IF NOT EXISTS switchboard_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)")
    }

    private func bookkeepingTableExists() throws -> Bool {
        try SchemaInspector(connection: connection).tableExists("switchboard_migrations")
    }
}
