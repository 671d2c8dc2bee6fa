import SwitchboardModel
import SwitchboardPlan

/// PostgreSQL writes: COPY into a temporary table, then one `INSERT … SELECT … ON CONFLICT` per
/// kind; deletes with `= ANY` / `unnest` arrays (DESIGN §8, measured fastest).
public struct PostgresApplier: PlanApplier {
    /// Key of the reconciler's transaction-level advisory lock ("SWBRECO" in ASCII).
    public static let lockKey: Int64 = 0x53_57_42_52_45_43_4F

    let connection: PostgresConnection
    /// At most this many changes' values are held at once for a step made when its turn comes.
    let pieceSize: Int

    public init(connection: PostgresConnection) { self.init(connection: connection, pieceSize: 16_384) }

    init(connection: PostgresConnection, pieceSize: Int) {
        self.connection = connection
        self.pieceSize = pieceSize
    }

    public func lock() throws {
        try connection.run("SELECT pg_advisory_xact_lock($1)", [.integer(Self.lockKey)])
    }

    /// Also false where the server ends a transaction left idle for less than a minute
    /// (`idle_in_transaction_session_timeout`): this one waits for the files to be read.
    public func beginIfFree() throws -> Bool {
        try connection.execute(connection.beginStatement(immediate: true))
        let free = try connection.scalar("""
            SELECT pg_try_advisory_xact_lock($1) AND (SELECT setting::bigint = 0 OR setting::bigint >= 60000
                                                      FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout')
            """, [.integer(Self.lockKey)])
        if free == "t" { return true }
        try connection.execute("ROLLBACK")
        return false
    }

    public func apply(_ plan: Plan, values: RowValues, revision: String?) throws {
        // While PostgreSQL writes, the other core makes the steps' values (`StoredSteps`).
        let steps = StoredSteps(plan, values: values, pieceSize: pieceSize, storedKeys: { PostgresConnection.arrayLiteral($0) })
        defer { steps.finish() }
        for (index, (kind, actions)) in Plan.order.enumerated() {
            if Plan.renamesAccounts(kind, actions) { try renameAccounts(plan.accountRenames) }
            var pieces = steps.pieces(index)[...]
            // Creates go into the COPY piece by piece; updates and deletes follow, all at once.
            var updates: [[SQLValue]] = [], deletes: [[SQLValue]] = []
            var newID: String?
            func nextCreates() throws -> [[SQLValue]]? {
                guard let piece = pieces.popFirst() else { return nil }
                let step = try piece()
                updates += step.updates
                deletes += step.deletes
                return newID == nil ? step.creates : step.createsWithNewUUIDs
            }
            switch plan.storage(of: kind) {
            case .table(let table):
                // Created rows go straight into their table (defaults fill created_at and updated_at):
                // a row someone inserted meanwhile without the lock fails the whole transaction.
                newID = try plan.newRowUUIDColumn(kind, actions).flatMap { try holdsUUIDs($0.table, $0.column) ? $0.column : nil }
                try connection.copy(into: table.name, columns: table.columns.map(\.name) + [newID].compactMap { $0 }, pieces: nextCreates)
                try upsert(updates, into: table)
                try delete(deletes, from: table)
            case .workflowAccount:
                var bindings: [[SQLValue]] = []
                while let creates = try nextCreates() { bindings += creates }
                try bind(bindings + updates, unbind: deletes)
            }
        }
        try OwnershipLedger(connection: connection).record(try steps.ownership.value(), revision: revision)
    }

    /// Whether the column is of type uuid (`TableShape.newRowUUID`).
    private func holdsUUIDs(_ table: String, _ column: String) throws -> Bool {
        try connection.scalar("""
            SELECT atttypid = 'uuid'::regtype FROM pg_attribute
            WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped
            """, [.text(table), .text(column)]) == "t"
    }

    /// In place: the row keeps its id, so workflow_definitions keep pointing at it.
    private func renameAccounts(_ renames: [AccountRename]) throws {
        guard !renames.isEmpty else { return }
        let from = PostgresConnection.arrayLiteral(renames.map(\.from))
        let to = PostgresConnection.arrayLiteral(renames.map(\.to))
        try connection.run("""
            UPDATE sip_accounts s SET label = r.new, updated_at = now() FROM unnest($1::text[], $2::text[]) AS r(old, new)
            WHERE s.label = r.old
            """, [.text(from), .text(to)])
        try connection.run("""
            UPDATE switchboard_row_facts f SET key = r.new FROM unnest($1::text[], $2::text[]) AS r(old, new)
            WHERE f.kind = '\(SIPAccount.kind.rawValue)' AND f.key = r.old
            """, [.text(from), .text(to)])
    }

    /// COPY the rows into a temporary table dropped at commit, then one `INSERT … SELECT … ON
    /// CONFLICT (identity) DO UPDATE`. `created_at` is left to its default (`tenant_routing` has none).
    private func upsert(_ rows: [[SQLValue]], into table: TableShape) throws {
        guard !rows.isEmpty else { return }
        let incoming = "switchboard_incoming_\(table.name)"
        let definitions = table.columns.map { "\($0.name) \(Self.incomingType($0.type))" }
        try connection.execute("CREATE TEMPORARY TABLE \(incoming) (\(definitions.joined(separator: ", "))) ON COMMIT DROP")
        try connection.copy(into: incoming, columns: table.columns.map(\.name), rows: rows)
        let selected = table.columns.map { $0.type == .json ? "\($0.name)::jsonb" : $0.name }
        let updates = table.otherColumns.map { "\($0.name) = EXCLUDED.\($0.name)" } + ["updated_at = now()"]
        try connection.execute("""
            INSERT INTO \(table.name) (\(table.columns.map(\.name).joined(separator: ", ")), updated_at)
            SELECT \(selected.joined(separator: ", ")), now() FROM \(incoming)
            ON CONFLICT (\(table.identityColumns.map(\.name).joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))
            """)
    }

    /// One `DELETE … USING unnest(…)` for all the rows, matched on their identity columns.
    private func delete(_ identities: [[SQLValue]], from table: TableShape) throws {
        guard !identities.isEmpty else { return }
        let columns = Array(table.identityColumns)
        let arrays = columns.indices.map { "$\($0 + 1)::\(Self.incomingType(columns[$0].type))[]" }
        let matches = columns.map { "t.\($0.name) = d.\($0.name)" }
        try connection.run("""
            DELETE FROM \(table.name) t USING unnest(\(arrays.joined(separator: ", "))) AS d(\(columns.map(\.name).joined(separator: ", ")))
            WHERE \(matches.joined(separator: " AND "))
            """, columns.indices.map { index in .text(PostgresConnection.arrayLiteral(identities.map { $0[index] })) })
    }

    /// Workflow bindings: rows of (slug, label) set their workflow's `sip_account_id`; unbound slugs clear it.
    private func bind(_ bindings: [[SQLValue]], unbind slugs: [[SQLValue]]) throws {
        if !bindings.isEmpty {
            try connection.run("""
                UPDATE workflow_definitions wd SET sip_account_id = sa.id
                FROM workflows w, unnest($1::text[], $2::text[]) AS b(slug, label), sip_accounts sa
                WHERE wd.workflow_id = w.id AND w.slug = b.slug AND sa.label = b.label
                """, [.text(PostgresConnection.arrayLiteral(bindings.map { $0[0] })), .text(PostgresConnection.arrayLiteral(bindings.map { $0[1] }))])
        }
        if !slugs.isEmpty {
            try connection.run("""
                UPDATE workflow_definitions wd SET sip_account_id = NULL FROM workflows w
                WHERE wd.workflow_id = w.id AND w.slug = ANY($1::text[])
                """, [.text(PostgresConnection.arrayLiteral(slugs.map { $0[0] }))])
        }
    }

    /// The type of a column in a temporary table or an array parameter (JSON arrives as text).
    private static func incomingType(_ type: StoredColumn.ColumnType) -> String {
        switch type {
        case .bigint: "bigint"
        case .integer: "integer"
        case .text, .json: "text"
        case .boolean: "boolean"
        }
    }

    public func notify(channel: String, payload: String) throws -> Bool {
        try connection.notify(channel: channel, payload: payload)
        return true
    }

    public func deletionHistory(window: SettingDuration) throws -> DeletionHistory {
        var history = DeletionHistory(window: window)
        guard try connection.tableExists("switchboard_runs") else { return history }
        try connection.query("""
            SELECT CAST(summary AS TEXT) FROM switchboard_runs
            WHERE outcome = 'applied' AND NOT dry_run AND summary IS NOT NULL
              AND started_at >= now() - make_interval(secs => $1::double precision / 1000)
            """, [.integer(Int64(window.milliseconds))]) { row in
            if let summary = row.text(0) { RunSummary.add(summary, to: &history) }
        }
        return history
    }

    public func recordRun(_ run: RunRecord) throws {
        try connection.run("""
            INSERT INTO switchboard_runs (started_at, finished_at, revision, source_digest, dry_run, summary, outcome, error, reload_pending)
            VALUES ($1::timestamptz, now(), $2, $3, false, $4::jsonb, $5, $6, $7)
            """, [.text(run.startedAt), SQLValue(run.revision), .text(run.sourceDigest), .text(run.summary), .text(run.outcome),
                  SQLValue(run.error), .bool(run.reloadPending)])
    }
}
