import SwitchboardModel
import SwitchboardPlan

/// PostgreSQL's answers to the driver's questions (`DatabaseConnection`).
extension PostgresConnection {
    /// Key of the advisory lock that serialises migrations ("SWBMIGR" in ASCII).
    static let migrationLockKey: Int64 = 0x53_57_42_4D_49_47_52

    public func placeholder(_ index: Int) -> String { "$\(index)" }
    public func literal(_ value: Bool) -> String { value ? "true" : "false" }
    public var routeKeyColumn: String { "key" }
    public func beginStatement(immediate: Bool) -> String { "BEGIN" }

    /// A view counts: `switchboard_managed` is one from migration 4 on.
    public func tableExists(_ table: String) throws -> Bool {
        try scalar("SELECT to_regclass($1) IS NOT NULL", [.text(table)]) == "t"
    }

    /// The catalogue itself, not `information_schema.columns`: that view costs 5 ms on a new
    /// connection, and the daemon opens one per edit. The table as `tableExists` finds it.
    public func columnExists(_ table: String, _ column: String) throws -> Bool {
        try scalar(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped",
            [.text(table), .text(column)]) == "1"
    }

    public var migrations: [Migration] { PostgresMigrations.all }

    public func sql(for step: Migration.Step) -> String {
        switch step {
        case .sql(let sql): sql
        case .addColumn(let table, let column, let definition, let ifTableExists) where ifTableExists:
            """
            DO $$ BEGIN
              IF to_regclass('\(table)') IS NOT NULL THEN
                ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(column) \(definition);
              END IF;
            END $$;
            """
        case .addColumn(let table, let column, let definition, _):
            "ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(column) \(definition);"
        case .regroupOwnership:
            Migration.regroupOwnershipSQL
        case .dropIndexIfDuplicated(let table, let index):
            // Key columns, collations and operator classes compared whole; an index behind a
            // constraint, over an expression or over part of the table is never dropped nor counted.
            """
            DO $$ BEGIN
              IF EXISTS (
                SELECT 1 FROM pg_index mine JOIN pg_index other ON other.indrelid = mine.indrelid AND other.indexrelid <> mine.indexrelid
                WHERE mine.indexrelid = to_regclass('\(index)') AND mine.indrelid = to_regclass('\(table)')
                  AND other.indisunique AND other.indpred IS NULL AND other.indexprs IS NULL AND mine.indexprs IS NULL
                  AND other.indkey::text = mine.indkey::text AND other.indcollation::text = mine.indcollation::text
                  AND other.indclass::text = mine.indclass::text
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = mine.indexrelid)
              ) THEN
                DROP INDEX \(index);
              END IF;
            END $$;
            """
        }
    }

    public func apply(_ step: Migration.Step) throws {
        if case .regroupOwnership = step {
            try OwnershipLedger(connection: self).regroupRecords()
        } else {
            try execute(sql(for: step))
        }
    }

    public func lockMigrations() throws { try run("SELECT pg_advisory_lock($1)", [.integer(Self.migrationLockKey)]) }
    public func unlockMigrations() { try? run("SELECT pg_advisory_unlock($1)", [.integer(Self.migrationLockKey)]) }

    public func tryLockMigrationsInTransaction() throws -> Bool {
        try scalar("SELECT pg_try_advisory_xact_lock($1)", [.integer(Self.migrationLockKey)]) == "t"
    }

    /// In the schema tables are created in (the first of `search_path`).
    public func holdsNoTable() throws -> Bool {
        try scalar("""
            SELECT NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))
            """) == "t"
    }

    public var migrationsTableSQL: String {
        "CREATE TABLE IF NOT EXISTS switchboard_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    }

    public var recordMigrationSQL: String {
        "INSERT INTO switchboard_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, now())"
    }

    public func condition(column: String, in ids: [Int64]) -> (String, [SQLValue]) {
        (" WHERE \(column) = ANY($1::bigint[])", [.text(Self.arrayLiteral(ids))])
    }

    public func condition(columns: String, in pairs: [(String, String)]) -> (String, [SQLValue]) {
        (" WHERE \(columns) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
         [.text(Self.arrayLiteral(pairs.map(\.0))), .text(Self.arrayLiteral(pairs.map(\.1)))])
    }

    public func makeApplier() -> any PlanApplier { PostgresApplier(connection: self) }

    public func adopt(_ keys: [ManagedKey], slugs: [(tenantID: Int64, slug: String)], facts: [RowFactsUpdate], revision: String?) throws {
        try transaction {
            try run("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresApplier.lockKey)])
            try recordAdopted(keys, facts: facts, revision: revision)
            if !slugs.isEmpty {
                try run("""
                    UPDATE tenants t SET slug = d.slug, updated_at = now()
                    FROM unnest($1::bigint[], $2::text[]) AS d(id, slug) WHERE t.id = d.id
                    """, [.text(Self.arrayLiteral(slugs.map(\.tenantID))), .text(Self.arrayLiteral(slugs.map(\.slug)))])
            }
        }
    }
}
