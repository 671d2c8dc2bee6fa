import SwitchboardModel
import SwitchboardPlan

/// PostgreSQL writes: COPY into a temporary table, then one `INSERT … SELECT … ON CONFLICT` per
/// kind; deletes with `= ANY` / `unnest` arrays (DESIGN §8, measured fastest).
public struct PostgresApplier: PlanApplier {
    /// Key of the reconciler's transaction-level advisory lock ("SWBRECO" in ASCII).
    public static let lockKey: Int64 = 0x53_57_42_52_45_43_4F

    let connection: PostgresConnection

    public init(connection: PostgresConnection) { self.connection = connection }

    public func lock() throws {
        try connection.run("SELECT pg_advisory_xact_lock($1)", [.integer(Self.lockKey)])
    }

    public func apply(_ plan: Plan, values: RowValues, revision: String?) throws {
        for step in Plan.order {
            switch step.kind {
            case .tenants:
                let (creates, updates, deletes) = plan.splitStep(plan.tenants, step.actions)
                try copyNew("tenants", ["id", "slug", "name", "is_active"], creates.map(values.tenant))
                try upsert("tenants", ["id bigint", "slug text", "name text", "is_active boolean"], updates.map(values.tenant), """
                    INSERT INTO tenants (id, slug, name, is_active, created_at, updated_at)
                    SELECT id, slug, name, is_active, now(), now() FROM %@
                    ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, name = EXCLUDED.name,
                        is_active = EXCLUDED.is_active, updated_at = now()
                    """)
                if !deletes.isEmpty {
                    try connection.run("DELETE FROM tenants WHERE id = ANY($1::bigint[])",
                                       [.text(PostgresConnection.arrayLiteral(deletes.map(\.id)))])
                }
            case .sipAccounts:
                if step.actions.contains(.update), !plan.accountRenames.isEmpty {
                    // In place: the row keeps its id, so workflow_definitions keep pointing at it.
                    let from = PostgresConnection.arrayLiteral(plan.accountRenames.map(\.from))
                    let to = PostgresConnection.arrayLiteral(plan.accountRenames.map(\.to))
                    try connection.run("""
                        UPDATE sip_accounts s SET label = r.new, updated_at = now() FROM unnest($1::text[], $2::text[]) AS r(old, new)
                        WHERE s.label = r.old
                        """, [.text(from), .text(to)])
                    try connection.run("""
                        UPDATE switchboard_managed m SET key = r.new FROM unnest($1::text[], $2::text[]) AS r(old, new)
                        WHERE m.kind = 'sipAccounts' AND m.key = r.old
                        """, [.text(from), .text(to)])
                }
                let (upserts, deletes) = plan.step(plan.sipAccounts, step.actions)
                try upsert("sip_accounts", ["label text", "trunk_uri text", "username text", "password text", "contact_host text",
                                            "contact_port integer", "contact_transport text", "is_default boolean", "is_active boolean"],
                           upserts.map(values.sipAccount), """
                    INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port,
                        contact_transport, is_default, is_active, created_at, updated_at)
                    SELECT label, trunk_uri, username, password, contact_host, contact_port, contact_transport,
                        is_default, is_active, now(), now() FROM %@
                    ON CONFLICT (label) DO UPDATE SET trunk_uri = EXCLUDED.trunk_uri, username = EXCLUDED.username,
                        password = EXCLUDED.password, contact_host = EXCLUDED.contact_host, contact_port = EXCLUDED.contact_port,
                        contact_transport = EXCLUDED.contact_transport, is_default = EXCLUDED.is_default,
                        is_active = EXCLUDED.is_active, updated_at = now()
                    """)
                if !deletes.isEmpty {
                    try connection.run("DELETE FROM sip_accounts WHERE label = ANY($1::text[])",
                                       [.text(PostgresConnection.arrayLiteral(deletes.map(\.label)))])
                }
            case .routes:
                let (creates, updates, deletes) = plan.splitStep(plan.routes, step.actions)
                try copyNew("tenant_routing", ["channel", "key", "tenant_id", "is_active"], creates.map(values.route))
                try upsert("routes", ["channel text", "key text", "tenant_id bigint", "is_active boolean"], updates.map(values.route), """
                    INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
                    SELECT channel, key, tenant_id, is_active, now() FROM %@
                    ON CONFLICT (channel, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id,
                        is_active = EXCLUDED.is_active, updated_at = now()
                    """)
                if !deletes.isEmpty {
                    try connection.run("""
                        DELETE FROM tenant_routing r USING unnest($1::text[], $2::text[]) AS d(channel, key)
                        WHERE r.channel = d.channel AND r.key = d.key
                        """, [.text(PostgresConnection.arrayLiteral(deletes.map(\.key.channel.rawValue))),
                              .text(PostgresConnection.arrayLiteral(deletes.map(\.key.key)))])
                }
            case .channels:
                let (creates, updates, deletes) = plan.splitStep(plan.channels, step.actions)
                try copyNew("channel_configurations", ["tenant_id", "channel_type", "enabled", "configured", "templates", "config_encrypted"],
                            try creates.map(values.channel))
                try upsert("channels", ["tenant_id bigint", "channel_type text", "enabled boolean", "configured boolean", "templates text",
                                        "config_encrypted text"],
                           try updates.map(values.channel), """
                    INSERT INTO channel_configurations (tenant_id, channel_type, enabled, configured, templates, config_encrypted,
                        created_at, updated_at)
                    SELECT tenant_id, channel_type, enabled, configured, templates::jsonb, config_encrypted, now(), now() FROM %@
                    ON CONFLICT (tenant_id, channel_type) DO UPDATE SET enabled = EXCLUDED.enabled,
                        configured = EXCLUDED.configured, templates = EXCLUDED.templates,
                        config_encrypted = EXCLUDED.config_encrypted, updated_at = now()
                    """)
                if !deletes.isEmpty {
                    try connection.run("""
                        DELETE FROM channel_configurations c USING unnest($1::bigint[], $2::text[]) AS d(tenant_id, channel_type)
                        WHERE c.tenant_id = d.tenant_id AND c.channel_type = d.channel_type
                        """, [.text(PostgresConnection.arrayLiteral(deletes.map(\.tenantID))),
                              .text(PostgresConnection.arrayLiteral(deletes.map(\.type.rawValue)))])
                }
            case .workflowBindings:
                let (upserts, deletes) = plan.step(plan.workflowBindings, step.actions)
                if !upserts.isEmpty {
                    try connection.run("""
                        UPDATE workflow_definitions wd SET sip_account_id = sa.id
                        FROM workflows w, unnest($1::text[], $2::text[]) AS b(slug, label), sip_accounts sa
                        WHERE wd.workflow_id = w.id AND w.slug = b.slug AND sa.label = b.label
                        """, [.text(PostgresConnection.arrayLiteral(upserts.map(\.workflowSlug))),
                              .text(PostgresConnection.arrayLiteral(upserts.map(\.accountLabel)))])
                }
                if !deletes.isEmpty {
                    try connection.run("""
                        UPDATE workflow_definitions wd SET sip_account_id = NULL FROM workflows w
                        WHERE wd.workflow_id = w.id AND w.slug = ANY($1::text[])
                        """, [.text(PostgresConnection.arrayLiteral(deletes.map(\.workflowSlug)))])
                }
            }
        }
        try recordOwnership(plan, revision: revision)
    }

    /// Rows written become managed; deleted rows and vanished ones stop being managed.
    private func recordOwnership(_ plan: Plan, revision: String?) throws {
        try copyNew("switchboard_managed", ["kind", "key", "revision"],
                    plan.newOwnership.map { [.text($0.kind.rawValue), .text($0.key), SQLValue(revision)] })
        let refreshed = plan.refreshedOwnership
        if !refreshed.isEmpty {
            try connection.run("""
                UPDATE switchboard_managed m SET revision = $3 FROM unnest($1::text[], $2::text[]) AS d(kind, key)
                WHERE m.kind = d.kind AND m.key = d.key
                """, [.text(PostgresConnection.arrayLiteral(refreshed.map(\.kind.rawValue))),
                      .text(PostgresConnection.arrayLiteral(refreshed.map(\.key))), SQLValue(revision)])
        }
        let released = plan.deletedOwnership + plan.releasedOwnership
        if !released.isEmpty {
            try connection.run("""
                DELETE FROM switchboard_managed m USING unnest($1::text[], $2::text[]) AS d(kind, key)
                WHERE m.kind = d.kind AND m.key = d.key
                """, [.text(PostgresConnection.arrayLiteral(released.map(\.kind.rawValue))),
                      .text(PostgresConnection.arrayLiteral(released.map(\.key)))])
        }
        try Self.recordFacts(plan.factUpdates, connection: connection)
    }

    /// What is remembered of managed rows (protection, secret references), set on their records.
    static func recordFacts(_ facts: [RowFactsUpdate], connection: PostgresConnection) throws {
        if !facts.isEmpty {
            try connection.run("""
                UPDATE switchboard_managed m SET protected = f.protected::boolean, secret_refs = NULLIF(f.refs, '')
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS f(kind, key, protected, refs)
                WHERE m.kind = f.kind AND m.key = f.key
                """, [.text(PostgresConnection.arrayLiteral(facts.map(\.key.kind.rawValue))),
                      .text(PostgresConnection.arrayLiteral(facts.map(\.key.key))),
                      .text(PostgresConnection.arrayLiteral(facts.map { $0.facts.isProtected ? "t" : "f" })),
                      .text(PostgresConnection.arrayLiteral(facts.map { RowFactsCoding.json($0.facts.secretReferences) ?? "" }))])
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

    /// COPY rows the plan creates straight into their table (their defaults fill created_at and
    /// updated_at). A row someone inserted meanwhile without the lock fails the whole transaction.
    private func copyNew(_ table: String, _ columns: [String], _ rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        try connection.copy(into: table, columns: columns, rows: rows.map(Self.copyText))
    }

    static func copyText(_ row: [SQLValue]) -> [String?] {
        row.map { value in
            switch value {
            case .null: nil
            case .text(let text): text
            case .integer(let integer): String(integer)
            case .bool(let bool): bool ? "t" : "f"
            }
        }
    }

    /// COPY the rows into a temporary table dropped at commit, then run `insert` (its `%@` names
    /// the temporary table).
    private func upsert(_ name: String, _ columns: [String], _ rows: [[SQLValue]], _ insert: String,
                        parameters: [SQLValue] = []) throws {
        guard !rows.isEmpty else { return }
        let table = "switchboard_incoming_\(name)"
        try connection.execute("CREATE TEMPORARY TABLE \(table) (\(columns.joined(separator: ", "))) ON COMMIT DROP")
        try connection.copy(into: table, columns: columns.map { String($0.split(separator: " ")[0]) }, rows: rows.map(Self.copyText))
        try connection.run(insert.replacingAll("%@", with: table), parameters)
    }
}
