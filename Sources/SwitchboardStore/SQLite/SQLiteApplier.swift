import SwitchboardModel
import SwitchboardPlan

/// SQLite writes: one prepared statement per kind and action, run for every row, all in the
/// caller's `BEGIN IMMEDIATE` transaction (DESIGN §8). `tenant_routing` uses `did_key`.
public struct SQLiteApplier: PlanApplier {
    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    /// The apply's one time, as an SQL literal: every row it writes carries the same time (as in
    /// PostgreSQL, where `now()` is the transaction's), and SQLite does not format the clock once
    /// per row (a sixth of writing a million routes).
    func applyTime() throws -> String {
        var time = ""
        try connection.query("SELECT \(Self.now)", []) { row in time = row.text(0) ?? "" }
        return "'\(time)'"
    }

    let connection: SQLiteConnection
    /// At most this many changes' values are held at once for a step made when its turn comes.
    let pieceSize: Int

    public init(connection: SQLiteConnection) { self.init(connection: connection, pieceSize: 16_384) }

    init(connection: SQLiteConnection, pieceSize: Int) {
        self.connection = connection
        self.pieceSize = pieceSize
    }

    /// `BEGIN IMMEDIATE` holds SQLite's write lock already.
    public func lock() throws {}

    public func beginIfFree() throws -> Bool { try connection.beginImmediateIfFree() }

    /// SQLite's page cache while an apply writes, in KiB (2 MB by default). Each multi-row upsert
    /// keeps a statement journal (the pages it changes, to undo it alone), by default in a file: a
    /// first apply of 100,000 routes wrote 73 MB there, 159 MB in all for a 25 MB database. With the
    /// journals in memory (`temp_store`, set for the connection) and this cache, which rewrites
    /// fewer pages into the WAL before the commit, it writes 51 MB; a million routes' write phase
    /// went from 6.2–6.3 s to 3.7–4.9 s. Only while writing: a read of every row (a no-op plan,
    /// the daemon's) would fill it and keep it.
    static let writeCache = 65_536

    public func apply(_ plan: Plan, values: RowValues, revision: String?) throws {
        let now = try applyTime()
        let cacheBefore = Int(try connection.scalar("PRAGMA cache_size") ?? "") ?? -2000
        try connection.execute("PRAGMA cache_size = -\(Self.writeCache)")
        // Set back before the commit: the pages it writes are then let go.
        defer { try? connection.execute("PRAGMA cache_size = \(cacheBefore)") }
        // SQLite writes on one core: the other makes the steps' values meanwhile (`StoredSteps`).
        let steps = StoredSteps(plan, values: values, pieceSize: pieceSize, storedKeys: { SQLiteConnection.jsonArray($0) })
        defer { steps.finish() }
        for (index, (kind, actions)) in Plan.order.enumerated() {
            if Plan.renamesAccounts(kind, actions) { try renameAccounts(plan.accountRenames) }
            // Every upsert of the step, then its deletes, as when the step was made whole.
            let storage = plan.storage(of: kind)
            let newID = try plan.newRowUUIDColumn(kind, actions).flatMap { try holdsText($0.table, $0.column) ? $0.column : nil }
            var deletes: [[SQLValue]] = []
            for piece in steps.pieces(index) {
                let step = try piece()
                if let newID {
                    try write(upserts: step.createsWithNewUUIDs, to: storage, now: now, newRowUUID: newID)
                    try write(upserts: step.updates, to: storage, now: now)
                } else {
                    try write(upserts: step.upserts, to: storage, now: now)
                }
                deletes += step.deletes
            }
            try write(deletes: deletes, from: storage)
        }
        try OwnershipLedger(connection: connection).record(try steps.ownership.value(), revision: revision)
    }

    /// - Parameter newRowUUID: the rows end with a value of this column (`TableShape.newRowUUID`).
    private func write(upserts: [[SQLValue]], to storage: RowStorage, now: String, newRowUUID: String? = nil) throws {
        switch storage {
        case .table(let table):
            try connection.executeMany(upserts, perStatement: Self.rowsPerInsert) {
                Self.upsert(into: table, now: now, rows: $0, newRowUUID: newRowUUID)
            }
        case .workflowAccount:
            try connection.executeMany("""
                UPDATE workflow_definitions SET sip_account_id = (SELECT id FROM sip_accounts WHERE label = ?2)
                WHERE workflow_id IN (SELECT id FROM workflows WHERE slug = ?1)
                """, upserts)
        }
    }

    private func write(deletes: [[SQLValue]], from storage: RowStorage) throws {
        switch storage {
        case .table(let table):
            try connection.executeMany(Self.delete(from: table), deletes)
        case .workflowAccount:
            try connection.executeMany("""
                UPDATE workflow_definitions SET sip_account_id = NULL WHERE workflow_id IN (SELECT id FROM workflows WHERE slug = ?1)
                """, deletes)
        }
    }

    /// Rows per INSERT: a statement run costs about a third of writing a route.
    static let rowsPerInsert = 64

    /// `INSERT … VALUES (…), (…) ON CONFLICT (identity) DO UPDATE` for `rows` rows (a step's
    /// rows are distinct identities: no two of one statement conflict with each other). A
    /// `newRowUUID` column is inserted, never updated.
    static func upsert(into table: TableShape, now: String, rows: Int, newRowUUID: String? = nil) -> String {
        let columns = table.columns.map { SQLiteConnection.columnName($0.name, in: table.name) } + [newRowUUID].compactMap { $0 }
        let identity = table.identityColumns.map { SQLiteConnection.columnName($0.name, in: table.name) }
        let updates = table.otherColumns.map { SQLiteConnection.columnName($0.name, in: table.name) }.map { "\($0) = excluded.\($0)" }
        let values = (0..<rows).map { row in
            "(\(SQLiteConnection.parameters(ofRow: row, width: columns.count)), \(now), \(now))"
        }
        return """
            INSERT INTO \(table.name) (\(columns.joined(separator: ", ")), created_at, updated_at)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (\(identity.joined(separator: ", "))) DO UPDATE SET \((updates + ["updated_at = excluded.updated_at"]).joined(separator: ", "))
            """
    }

    static func delete(from table: TableShape) -> String {
        let matches = table.identityColumns.enumerated().map { index, column in
            "\(SQLiteConnection.columnName(column.name, in: table.name)) = ?\(index + 1)"
        }
        return "DELETE FROM \(table.name) WHERE \(matches.joined(separator: " AND "))"
    }

    /// Whether text can be written into the column (`TableShape.newRowUUID`): text affinity, which
    /// an `INTEGER PRIMARY KEY` (the row id itself) has not.
    private func holdsText(_ table: String, _ column: String) throws -> Bool {
        let type = try connection.scalar("SELECT upper(type) FROM pragma_table_info(?1) WHERE name = ?2", [.text(table), .text(column)])
        return type.map { type in ["TEXT", "CHAR", "CLOB"].contains(where: type.contains) } ?? false
    }

    /// In place: the row keeps its id, so workflow_definitions keep pointing at it.
    private func renameAccounts(_ renames: [AccountRename]) throws {
        let pairs = renames.map { [SQLValue.text($0.from), .text($0.to)] }
        try connection.executeMany("UPDATE sip_accounts SET label = ?2, updated_at = \(Self.now) WHERE label = ?1", pairs)
        try connection.executeMany("UPDATE switchboard_row_facts SET key = ?2 WHERE kind = '\(SIPAccount.kind.rawValue)' AND key = ?1", pairs)
    }

    /// SQLite has no LISTEN/NOTIFY.
    public func notify(channel: String, payload: String) throws -> Bool { false }

    public func deletionHistory(window: SettingDuration) throws -> DeletionHistory {
        var history = DeletionHistory(window: window)
        guard try connection.tableExists("switchboard_runs") else { return history }
        // started_at is ISO 8601 text in UTC (`2026-11-22T17:04:50Z`): it compares as text.
        try connection.query("""
            SELECT summary FROM switchboard_runs
            WHERE outcome = 'applied' AND dry_run = 0 AND summary IS NOT NULL
              AND started_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1)
            """, [.text("-\(window.milliseconds / 1000) seconds")]) { row in
            if let summary = row.text(0) { RunSummary.add(summary, to: &history) }
        }
        return history
    }

    public func recordRun(_ run: RunRecord) throws {
        try connection.run("""
            INSERT INTO switchboard_runs (started_at, finished_at, revision, source_digest, dry_run, summary, outcome, error, reload_pending)
            VALUES (?1, \(Self.now), ?2, ?3, 0, ?4, ?5, ?6, ?7)
            """, [.text(run.startedAt), SQLValue(run.revision), .text(run.sourceDigest), .text(run.summary), .text(run.outcome),
                  SQLValue(run.error), .bool(run.reloadPending)])
    }
}
