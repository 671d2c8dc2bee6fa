/// PostgreSQL schema (DESIGN §2), in the layouts the platform's documents fix. Every statement is
/// idempotent against the platform's existing tables.
enum PostgresMigrations {
    static let all: [Migration] = [platformTables, bookkeeping, rowFacts, compactOwnership, ownershipCompression]

    static let platformTables = Migration(version: 1, name: "platform tables", steps: [
        .sql("""
            CREATE TABLE IF NOT EXISTS tenants (
                id BIGINT PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                is_active BOOLEAN NOT NULL DEFAULT TRUE,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            """),
        // An existing tenants table may lack some: added nullable or with a default, so no row is refused.
        .addColumn(table: "tenants", column: "slug", definition: "TEXT"),
        .addColumn(table: "tenants", column: "name", definition: "TEXT"),
        .addColumn(table: "tenants", column: "is_active", definition: "BOOLEAN NOT NULL DEFAULT TRUE"),
        .addColumn(table: "tenants", column: "created_at", definition: "TIMESTAMPTZ NOT NULL DEFAULT now()"),
        .addColumn(table: "tenants", column: "updated_at", definition: "TIMESTAMPTZ NOT NULL DEFAULT now()"),
        .sql("CREATE UNIQUE INDEX IF NOT EXISTS tenants_slug_key ON tenants (slug);"),

        // The platform's upsert uses ON CONFLICT (channel, key): that unique index must exist.
        .sql("""
            CREATE TABLE IF NOT EXISTS tenant_routing (
                channel TEXT NOT NULL,
                key TEXT NOT NULL,
                tenant_id BIGINT NOT NULL,
                is_active BOOLEAN NOT NULL DEFAULT TRUE,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                UNIQUE (channel, key)
            );
            """),
        .addColumn(table: "tenant_routing", column: "is_active", definition: "BOOLEAN NOT NULL DEFAULT TRUE"),
        .addColumn(table: "tenant_routing", column: "updated_at", definition: "TIMESTAMPTZ NOT NULL DEFAULT now()"),
        .sql("""
            DO $$ BEGIN
              IF NOT EXISTS (
                SELECT 1 FROM pg_index i
                WHERE i.indrelid = 'tenant_routing'::regclass AND i.indisunique
                  AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
                       WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) = ARRAY['channel', 'key']
                  AND i.indnatts = 2
              ) THEN
                CREATE UNIQUE INDEX tenant_routing_channel_key_key ON tenant_routing (channel, key);
              END IF;
            END $$;
            """),

        // The multi-SIP document's DDL. Its created_at/updated_at have no default, so the
        // platform's own documented INSERT (which names neither) failed; a default fixes that
        // without touching any value.
        .sql("""
            CREATE TABLE IF NOT EXISTS sip_accounts (
                id SERIAL PRIMARY KEY,
                label VARCHAR(128) NOT NULL,
                trunk_uri TEXT NOT NULL,
                username VARCHAR(128),
                password VARCHAR(256),
                contact_host VARCHAR(255),
                contact_port INTEGER,
                contact_transport VARCHAR(16) DEFAULT 'udp',
                is_default BOOLEAN NOT NULL DEFAULT false,
                is_active BOOLEAN NOT NULL DEFAULT true,
                created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
            );
            ALTER TABLE sip_accounts ALTER COLUMN created_at SET DEFAULT now();
            ALTER TABLE sip_accounts ALTER COLUMN updated_at SET DEFAULT now();
            CREATE UNIQUE INDEX IF NOT EXISTS sip_accounts_label_key ON sip_accounts (label);
            """),
        // workflows and workflow_definitions belong to the platform: bind only where they exist.
        .addColumn(table: "workflow_definitions", column: "sip_account_id",
                   definition: "INTEGER REFERENCES sip_accounts(id) ON DELETE SET NULL", ifTableExists: true),
        .sql("""
            DO $$ BEGIN
              IF to_regclass('workflow_definitions') IS NOT NULL THEN
                CREATE INDEX IF NOT EXISTS idx_workflow_definitions_sip_account ON workflow_definitions (sip_account_id);
              END IF;
            END $$;
            """),

        // The channels document's tables, with tenant ids as the tenants table has them.
        .sql("""
            CREATE TABLE IF NOT EXISTS channel_configurations (
                id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
                tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_type VARCHAR(20) NOT NULL,
                enabled BOOLEAN DEFAULT FALSE,
                configured BOOLEAN DEFAULT FALSE,
                config_encrypted TEXT,
                templates JSONB DEFAULT '{}',
                created_at TIMESTAMP DEFAULT NOW(),
                updated_at TIMESTAMP DEFAULT NOW(),
                UNIQUE (tenant_id, channel_type)
            );
            CREATE INDEX IF NOT EXISTS idx_channel_configs_tenant ON channel_configurations (tenant_id);
            CREATE INDEX IF NOT EXISTS idx_channel_configs_enabled ON channel_configurations (tenant_id, enabled);
            CREATE TABLE IF NOT EXISTS channel_messages_log (
                id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
                tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_type VARCHAR(20) NOT NULL,
                to_address VARCHAR(255) NOT NULL,
                template_name VARCHAR(100),
                content TEXT,
                status VARCHAR(20) NOT NULL,
                external_message_id VARCHAR(255),
                error_message TEXT,
                sent_at TIMESTAMP DEFAULT NOW(),
                created_at TIMESTAMP DEFAULT NOW()
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
                since TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (kind, key)
            );
            CREATE TABLE IF NOT EXISTS switchboard_runs (
                id BIGSERIAL PRIMARY KEY,
                started_at TIMESTAMPTZ NOT NULL,
                finished_at TIMESTAMPTZ,
                revision TEXT,
                source_digest TEXT,
                dry_run BOOLEAN NOT NULL DEFAULT FALSE,
                summary JSONB,
                outcome TEXT NOT NULL,
                error TEXT,
                reload_pending BOOLEAN NOT NULL DEFAULT FALSE
            );
            """),
    ])

    /// What is remembered of managed rows: `protect: true`, and where their secrets come from.
    static let rowFacts = Migration(version: 3, name: "row facts", steps: [
        .addColumn(table: "switchboard_managed", column: "protected", definition: "BOOLEAN NOT NULL DEFAULT FALSE"),
        .addColumn(table: "switchboard_managed", column: "secret_refs", definition: "TEXT"),
    ])

    /// Ownership in buckets of keys (`OwnershipBucket`) and facts only for the rows that have some;
    /// `switchboard_managed` stays readable as a view of one row per managed row.
    static let compactOwnership = Migration(version: 4, name: "compact ownership", steps: [
        .sql("""
            CREATE TABLE switchboard_ownership (
                kind TEXT NOT NULL,
                bucket INTEGER NOT NULL,
                keys TEXT[] NOT NULL,
                revision TEXT,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (kind, bucket)
            );
            CREATE TABLE switchboard_row_facts (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                protected BOOLEAN NOT NULL DEFAULT FALSE,
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
            SELECT o.kind, k.key, o.bucket, o.revision, o.updated_at AS since,
                   COALESCE(f.protected, FALSE) AS protected, f.secret_refs
            FROM switchboard_ownership o CROSS JOIN LATERAL unnest(o.keys) AS k(key)
            LEFT JOIN switchboard_row_facts f ON f.kind = o.kind AND f.key = k.key;
            """),
    ])

    /// The buckets' keys compressed with LZ4 where the server has it (PostgreSQL 14 and later,
    /// built with lz4), not pglz: a first apply of 100,000 routes stores 3,122 buckets, and pglz
    /// was a third of that COPY's time (server side, 8 runs: 44.7 ms → 28.8 ms). Buckets already
    /// stored keep their compression until they are written again. `EXECUTE`: older servers do not
    /// parse `SET COMPRESSION`.
    static let ownershipCompression = Migration(version: 5, name: "ownership compressed with lz4", steps: [
        .sql("""
            DO $$ BEGIN
              IF current_setting('server_version_num')::int >= 140000
                 AND EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
                EXECUTE 'ALTER TABLE switchboard_ownership ALTER COLUMN keys SET COMPRESSION lz4';
              END IF;
            END $$;
            """),
    ])
}
