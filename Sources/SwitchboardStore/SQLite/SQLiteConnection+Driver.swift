import SwitchboardModel
import SwitchboardPlan

/// SQLite's answers to the driver's questions (`DatabaseConnection`).
extension SQLiteConnection {
    /// The platform's SQLite build names `tenant_routing`'s key column so (DESIGN §2).
    public static let routeKeyColumn = "did_key"

    /// A column of the platform's schema as SQLite spells it: only `tenant_routing.key` differs.
    static func columnName(_ column: String, in table: String) -> String {
        table == "tenant_routing" && column == "key" ? routeKeyColumn : column
    }

    public func placeholder(_ index: Int) -> String { "?\(index)" }
    public func literal(_ value: Bool) -> String { value ? "1" : "0" }
    public var routeKeyColumn: String { Self.routeKeyColumn }
    public func beginStatement(immediate: Bool) -> String { immediate ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// A view counts: `switchboard_managed` is one from migration 4 on.
    public func tableExists(_ table: String) throws -> Bool {
        try scalar("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1", [.text(table)]) == "1"
    }

    public func columnExists(_ table: String, _ column: String) throws -> Bool {
        try scalar("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", [.text(table), .text(column)]) == "1"
    }

    public var migrations: [Migration] { SQLiteMigrations.all }

    public func sql(for step: Migration.Step) -> String {
        switch step {
        case .sql(let sql): sql
        case .addColumn(let table, let column, let definition, let ifTableExists):
            "ALTER TABLE \(table) ADD COLUMN \(column) \(definition); -- when \(ifTableExists ? "the table exists and " : "")the column is missing"
        case .regroupOwnership: Migration.regroupOwnershipSQL
        case .dropIndexIfDuplicated(let table, let index):
            "DROP INDEX \(index); -- when another unique index of \(table) has the same key columns"
        }
    }

    /// SQLite has no `ADD COLUMN IF NOT EXISTS`: look first.
    public func apply(_ step: Migration.Step) throws {
        switch step {
        case .sql(let sql):
            try execute(sql)
        case .addColumn(let table, let column, let definition, let ifTableExists):
            guard try tableExists(table) else {
                if ifTableExists { return }
                throw DatabaseError("table \(table) does not exist")
            }
            if try !columnExists(table, column) { try execute("ALTER TABLE \(table) ADD COLUMN \(column) \(definition)") }
        case .regroupOwnership:
            try OwnershipLedger(connection: self).regroupRecords()
        case .dropIndexIfDuplicated(let table, let index):
            if try isDuplicated(index, of: table) { try execute("DROP INDEX \(index)") }
        }
    }

    /// Whether another unique index of `table`, not partial, has `index`'s key columns, in the same
    /// order and with the same collations. An index over an expression is nobody's duplicate.
    private func isDuplicated(_ index: String, of table: String) throws -> Bool {
        var others: [String] = []
        var exists = false
        try query("SELECT name, \"unique\", partial FROM pragma_index_list(?1)", [.text(table)]) { row in
            let name = row.text(0) ?? ""
            if name == index { exists = true } else if row.integer(1) == 1, row.integer(2) == 0 { others.append(name) }
        }
        func keyColumns(_ index: String) throws -> [String]? {
            var columns: [String]? = []
            try query("SELECT cid, coll FROM pragma_index_xinfo(?1) WHERE key ORDER BY seqno", [.text(index)]) { row in
                let column = row.integer(0) ?? -2
                columns = column < 0 ? nil : columns.map { $0 + ["\(column) \(row.text(1) ?? "")"] }
            }
            return columns
        }
        guard exists, let columns = try keyColumns(index) else { return false }
        return try others.contains { try keyColumns($0) == columns }
    }

    /// Each migration's `BEGIN IMMEDIATE` holds the write lock already.
    public func lockMigrations() throws {}
    public func unlockMigrations() {}
    public func tryLockMigrationsInTransaction() throws -> Bool { true }

    public func holdsNoTable() throws -> Bool {
        try scalar("SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view')") == "0"
    }

    public var migrationsTableSQL: String {
        "CREATE TABLE IF NOT EXISTS switchboard_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)"
    }

    public var recordMigrationSQL: String {
        "INSERT INTO switchboard_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
    }

    public func condition(column: String, in ids: [Int64]) -> (String, [SQLValue]) {
        (" WHERE \(column) IN (SELECT value FROM json_each(?1))", [.text("[" + ids.map(String.init).joined(separator: ",") + "]")])
    }

    public func condition(columns: String, in pairs: [(String, String)]) -> (String, [SQLValue]) {
        let json = "[" + pairs.map { "[\(JSONText.string($0.0)),\(JSONText.string($0.1))]" }.joined(separator: ",") + "]"
        return (" WHERE \(columns) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))", [.text(json)])
    }

    public func makeApplier() -> any PlanApplier { SQLiteApplier(connection: self) }

    public func adopt(_ keys: [ManagedKey], slugs: [(tenantID: Int64, slug: String)], facts: [RowFactsUpdate], revision: String?) throws {
        try transaction {
            try recordAdopted(keys, facts: facts, revision: revision)
            try executeMany("UPDATE tenants SET slug = ?2 WHERE id = ?1", slugs.map { [.integer($0.tenantID), .text($0.slug)] })
        }
    }
}
