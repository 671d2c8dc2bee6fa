/// SQLite schema (DESIGN §2): the PostgreSQL tables with SQLite types (booleans 0/1, JSON as
/// TEXT, times as ISO-8601 text), except `tenant_routing`, which keeps the platform's SQLite
/// column names (`did_key`, `created_at`) so the platform's SQLite build keeps working.
enum SQLiteMigrations {
    static let all: [Migration] = [platformTables, bookkeeping, rowFacts, compactOwnership, singleUniqueIndexes]

    static let now = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

    static let platformTables = Migration(version: 1, name: "platform tables", steps: [
        .sql("""
            CREATE TABLE IF NOT EXISTS tenants (
                id INTEGER PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                is_active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL DEFAULT \(now),
                updated_at TEXT NOT NULL DEFAULT \(now)
            );
            """),
        // SQLite cannot add a column with a non-constant default: added times stay NULL until written.
        .addColumn(table: "tenants", column: "slug", definition: "TEXT"),
        .addColumn(table: "tenants", column: "name", definition: "TEXT"),
        .addColumn(table: "tenants", column: "is_active", definition: "INTEGER NOT NULL DEFAULT 1"),
        .addColumn(table: "tenants", column: "created_at", definition: "TEXT"),
        .addColumn(table: "tenants", column: "updated_at", definition: "TEXT"),
        .sql("CREATE UNIQUE INDEX IF NOT EXISTS tenants_slug_key ON tenants (slug);"),

        .sql("""
            CREATE TABLE IF NOT EXISTS tenant_routing (
                channel TEXT NOT NULL,
                did_key TEXT NOT NULL,
                tenant_id INTEGER NOT NULL,
                created_at TEXT DEFAULT (datetime('now')),
                is_active INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT,
                UNIQUE (channel, did_key)
            );
            """),
        .addColumn(table: "tenant_routing", column: "is_active", definition: "INTEGER NOT NULL DEFAULT 1"),
        .addColumn(table: "tenant_routing", column: "updated_at", definition: "TEXT"),
        // The platform's INSERT OR REPLACE relies on (channel, did_key) being unique.
        .sql("CREATE UNIQUE INDEX IF NOT EXISTS tenant_routing_channel_did_key ON tenant_routing (channel, did_key);"),

        .sql("""
            CREATE TABLE IF NOT EXISTS sip_accounts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                label VARCHAR(128) NOT NULL,
                trunk_uri TEXT NOT NULL,
                username VARCHAR(128),
                password VARCHAR(256),
                contact_host VARCHAR(255),
                contact_port INTEGER,
                contact_transport VARCHAR(16) DEFAULT 'udp',
                is_default INTEGER NOT NULL DEFAULT 0,
                is_active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL DEFAULT \(now),
                updated_at TEXT NOT NULL DEFAULT \(now)
            );
            CREATE UNIQUE INDEX IF NOT EXISTS sip_accounts_label_key ON sip_accounts (label);
            """),
        .addColumn(table: "workflow_definitions", column: "sip_account_id",
                   definition: "INTEGER REFERENCES sip_accounts(id) ON DELETE SET NULL", ifTableExists: true),

        .sql("""
            CREATE TABLE IF NOT EXISTS channel_configurations (
                id TEXT PRIMARY KEY DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
                    substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
                    substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_type VARCHAR(20) NOT NULL,
                enabled INTEGER DEFAULT 0,
                configured INTEGER DEFAULT 0,
                config_encrypted TEXT,
                templates TEXT DEFAULT '{}',
                created_at TEXT DEFAULT \(now),
                updated_at TEXT DEFAULT \(now),
                UNIQUE (tenant_id, channel_type)
            );
            CREATE INDEX IF NOT EXISTS idx_channel_configs_tenant ON channel_configurations (tenant_id);
            CREATE INDEX IF NOT EXISTS idx_channel_configs_enabled ON channel_configurations (tenant_id, enabled);
            CREATE TABLE IF NOT EXISTS channel_messages_log (
                id TEXT PRIMARY KEY DEFAULT (lower(hex(randomblob(16)))),
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_type VARCHAR(20) NOT NULL,
                to_address VARCHAR(255) NOT NULL,
                template_name VARCHAR(100),
                content TEXT,
                status VARCHAR(20) NOT NULL,
                external_message_id VARCHAR(255),
                error_message TEXT,
                sent_at TEXT DEFAULT \(now),
                created_at TEXT DEFAULT \(now)
            );
            CREATE INDEX IF NOT EXISTS idx_messages_log_tenant ON channel_messages_log (tenant_id, sent_at DESC);
            CREATE INDEX IF NOT EXISTS idx_messages_log_channel ON channel_messages_log (channel_type);
            CREATE INDEX IF NOT EXISTS idx_messages_log_status ON channel_messages_log (status);
            """),
    ])

    static let bookkeeping = Migration(version: 2, name: "switchboard bookkeeping", steps: [
        .sql("""
            CREATE TABLE IF NOT EXISTS switchboard_managed (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                revision TEXT,
                since TEXT NOT NULL DEFAULT \(now),
                PRIMARY KEY (kind, key)
            );
            CREATE TABLE IF NOT EXISTS switchboard_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                revision TEXT,
                source_digest TEXT,
                dry_run INTEGER NOT NULL DEFAULT 0,
                summary TEXT,
                outcome TEXT NOT NULL,
                error TEXT,
                reload_pending INTEGER NOT NULL DEFAULT 0
            );
            """),
    ])

    /// What is remembered of managed rows: `protect: true`, and where their secrets come from.
    static let rowFacts = Migration(version: 3, name: "row facts", steps: [
        .addColumn(table: "switchboard_managed", column: "protected", definition: "INTEGER NOT NULL DEFAULT 0"),
        .addColumn(table: "switchboard_managed", column: "secret_refs", definition: "TEXT"),
    ])

    /// Ownership in buckets of keys (`OwnershipBucket`, a JSON array each) and facts only for the
    /// rows that have some; `switchboard_managed` stays readable as a view of one row per managed row.
    static let compactOwnership = Migration(version: 4, name: "compact ownership", steps: [
        .sql("""
            CREATE TABLE switchboard_ownership (
                kind TEXT NOT NULL,
                bucket INTEGER NOT NULL,
                keys TEXT NOT NULL,
                revision TEXT,
                updated_at TEXT NOT NULL DEFAULT \(now),
                PRIMARY KEY (kind, bucket)
            );
            CREATE TABLE switchboard_row_facts (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                protected INTEGER NOT NULL DEFAULT 0,
                secret_refs TEXT,
                PRIMARY KEY (kind, key)
            );
            INSERT INTO switchboard_row_facts (kind, key, protected, secret_refs)
            SELECT kind, key, protected, secret_refs FROM switchboard_managed WHERE protected OR secret_refs IS NOT NULL;
            ALTER TABLE switchboard_managed RENAME TO switchboard_managed_records;
            """),
        .regroupOwnership,
        .sql("""
            DROP TABLE switchboard_managed_records;
            CREATE VIEW switchboard_managed AS
            SELECT o.kind AS kind, j.value AS key, o.bucket AS bucket, o.revision AS revision, o.updated_at AS since,
                   COALESCE(f.protected, 0) AS protected, f.secret_refs AS secret_refs
            FROM switchboard_ownership o JOIN json_each(o.keys) AS j
            LEFT JOIN switchboard_row_facts f ON f.kind = o.kind AND f.key = j.value;
            """),
    ])

    /// SQLite makes an index of its own for each `UNIQUE` of a `CREATE TABLE`; migration 1 then made
    /// a second, identical one for `tenants.slug` and `tenant_routing (channel, did_key)`, needed
    /// only by the platform's tables that lack the constraint. Every route written was written to
    /// both (a first reconcile of 100,000 routes: write phase 0.29 → 0.25 s, a file 3.6 MB smaller).
    static let singleUniqueIndexes = Migration(version: 5, name: "single unique indexes", steps: [
        .dropIndexIfDuplicated(table: "tenants", index: "tenants_slug_key"),
        .dropIndexIfDuplicated(table: "tenant_routing", index: "tenant_routing_channel_did_key"),
    ])
}
