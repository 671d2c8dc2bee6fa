import SwitchboardModel
import SwitchboardPlan

/// SQLite writes: one prepared statement per kind and action, run for every row, all in the
/// caller's `BEGIN IMMEDIATE` transaction (DESIGN §8). `tenant_routing` uses `did_key`.
public struct SQLiteApplier: PlanApplier {
    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    let connection: SQLiteConnection

    public init(connection: SQLiteConnection) { self.connection = connection }

    /// `BEGIN IMMEDIATE` holds SQLite's write lock already.
    public func lock() throws {}

    public func apply(_ plan: Plan, values: RowValues, revision: String?) throws {
        let now = Self.now
        for step in Plan.order {
            switch step.kind {
            case .tenants:
                let (upserts, deletes) = plan.step(plan.tenants, step.actions)
                try connection.executeMany("""
                    INSERT INTO tenants (id, slug, name, is_active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, \(now), \(now))
                    ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name, is_active = excluded.is_active,
                        updated_at = excluded.updated_at
                    """, upserts.map(values.tenant))
                try connection.executeMany("DELETE FROM tenants WHERE id = ?1", deletes.map { [.integer($0.id)] })
            case .sipAccounts:
                if step.actions.contains(.update) {
                    // In place: the row keeps its id, so workflow_definitions keep pointing at it.
                    let renames = plan.accountRenames.map { [SQLValue.text($0.from), .text($0.to)] }
                    try connection.executeMany("UPDATE sip_accounts SET label = ?2, updated_at = \(now) WHERE label = ?1", renames)
                    try connection.executeMany("UPDATE switchboard_managed SET key = ?2 WHERE kind = 'sipAccounts' AND key = ?1", renames)
                }
                let (upserts, deletes) = plan.step(plan.sipAccounts, step.actions)
                try connection.executeMany("""
                    INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port, contact_transport,
                        is_default, is_active, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \(now), \(now))
                    ON CONFLICT (label) DO UPDATE SET trunk_uri = excluded.trunk_uri, username = excluded.username,
                        password = excluded.password, contact_host = excluded.contact_host, contact_port = excluded.contact_port,
                        contact_transport = excluded.contact_transport, is_default = excluded.is_default,
                        is_active = excluded.is_active, updated_at = excluded.updated_at
                    """, upserts.map(values.sipAccount))
                try connection.executeMany("DELETE FROM sip_accounts WHERE label = ?1", deletes.map { [.text($0.label)] })
            case .routes:
                let (upserts, deletes) = plan.step(plan.routes, step.actions)
                try connection.executeMany("""
                    INSERT INTO tenant_routing (channel, did_key, tenant_id, is_active, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, \(now), \(now))
                    ON CONFLICT (channel, did_key) DO UPDATE SET tenant_id = excluded.tenant_id, is_active = excluded.is_active,
                        updated_at = excluded.updated_at
                    """, upserts.map(values.route))
                try connection.executeMany("DELETE FROM tenant_routing WHERE channel = ?1 AND did_key = ?2",
                                           deletes.map { [.text($0.key.channel.rawValue), .text($0.key.key)] })
            case .channels:
                let (upserts, deletes) = plan.step(plan.channels, step.actions)
                try connection.executeMany("""
                    INSERT INTO channel_configurations (tenant_id, channel_type, enabled, configured, templates, config_encrypted,
                        created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, \(now), \(now))
                    ON CONFLICT (tenant_id, channel_type) DO UPDATE SET enabled = excluded.enabled, configured = excluded.configured,
                        templates = excluded.templates, config_encrypted = excluded.config_encrypted, updated_at = excluded.updated_at
                    """, try upserts.map(values.channel))
                try connection.executeMany("DELETE FROM channel_configurations WHERE tenant_id = ?1 AND channel_type = ?2",
                                           deletes.map { [.integer($0.tenantID), .text($0.type.rawValue)] })
            case .workflowBindings:
                let (upserts, deletes) = plan.step(plan.workflowBindings, step.actions)
                try connection.executeMany("""
                    UPDATE workflow_definitions SET sip_account_id = (SELECT id FROM sip_accounts WHERE label = ?2)
                    WHERE workflow_id IN (SELECT id FROM workflows WHERE slug = ?1)
                    """, upserts.map { [.text($0.workflowSlug), .text($0.accountLabel)] })
                try connection.executeMany("""
                    UPDATE workflow_definitions SET sip_account_id = NULL WHERE workflow_id IN (SELECT id FROM workflows WHERE slug = ?1)
                    """, deletes.map { [.text($0.workflowSlug)] })
            }
        }
        try connection.executeMany("INSERT INTO switchboard_managed (kind, key, revision, since) VALUES (?1, ?2, ?3, \(now))",
                                   plan.newOwnership.map { [.text($0.kind.rawValue), .text($0.key), SQLValue(revision)] })
        try connection.executeMany("UPDATE switchboard_managed SET revision = ?3 WHERE kind = ?1 AND key = ?2",
                                   plan.refreshedOwnership.map { [.text($0.kind.rawValue), .text($0.key), SQLValue(revision)] })
        try connection.executeMany("DELETE FROM switchboard_managed WHERE kind = ?1 AND key = ?2",
                                   (plan.deletedOwnership + plan.releasedOwnership).map { [.text($0.kind.rawValue), .text($0.key)] })
        try Self.recordFacts(plan.factUpdates, connection: connection)
    }

    /// What is remembered of managed rows (protection, secret references), set on their records.
    static func recordFacts(_ facts: [RowFactsUpdate], connection: SQLiteConnection) throws {
        try connection.executeMany("UPDATE switchboard_managed SET protected = ?3, secret_refs = ?4 WHERE kind = ?1 AND key = ?2",
                                   facts.map { [.text($0.key.kind.rawValue), .text($0.key.key), .bool($0.facts.isProtected),
                                                           SQLValue(RowFactsCoding.json($0.facts.secretReferences))] })
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
