import SwitchboardStore
/// The platform's own statements from its documents (../shared/seeds), for tests that build the
/// databases switchboard meets on adoption day: the same tables, the same writes.
public enum PlatformSeeds {
    /// 000 (routes, PostgreSQL): the table the admin API writes, with its unique (channel, key).
    public static let postgresRoutingTable = """
        CREATE TABLE tenant_routing (
            channel TEXT NOT NULL, key TEXT NOT NULL, tenant_id BIGINT NOT NULL,
            is_active BOOLEAN DEFAULT TRUE, updated_at TIMESTAMPTZ DEFAULT now(),
            CONSTRAINT tenant_routing_channel_key_uq UNIQUE (channel, key));
        """

    /// 000: the document's upsert of one route.
    public static func postgresRouteUpsert(_ channel: String, _ key: String, tenant: Int) -> String {
        """
        INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
        VALUES ('\(channel)', '\(key)', \(tenant), TRUE, now())
        ON CONFLICT (channel, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, is_active = TRUE, updated_at = now();
        """
    }

    /// 000 (routes, SQLite): its own key column name and `created_at`.
    public static let sqliteRoutingTable = """
        CREATE TABLE tenant_routing (channel TEXT NOT NULL, \(SQLiteConnection.routeKeyColumn) TEXT NOT NULL, tenant_id INTEGER NOT NULL,
            created_at TEXT, PRIMARY KEY (channel, \(SQLiteConnection.routeKeyColumn)));
        """

    /// 000: the document's SQLite write of one route.
    public static func sqliteRouteInsert(_ channel: String, _ key: String, tenant: Int) -> String {
        """
        INSERT OR REPLACE INTO tenant_routing (channel, \(SQLiteConnection.routeKeyColumn), tenant_id, created_at)
        VALUES ('\(channel)', '\(key)', \(tenant), datetime('now'));
        """
    }

    /// 002 (multi-SIP): the platform's workflows (two, one definition each), `sip_accounts` as
    /// its model declares it, and the binding column with its index.
    public static let postgresMultiSIP = """
        CREATE TABLE workflows (id SERIAL PRIMARY KEY, slug TEXT NOT NULL UNIQUE);
        CREATE TABLE workflow_definitions (id SERIAL PRIMARY KEY, workflow_id INTEGER NOT NULL REFERENCES workflows(id),
            version INTEGER NOT NULL, is_active BOOLEAN NOT NULL DEFAULT TRUE);
        INSERT INTO workflows (slug) VALUES ('accueil'), ('support');
        INSERT INTO workflow_definitions (workflow_id, version) VALUES (1, 1), (2, 1);
        CREATE TABLE sip_accounts (
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
            created_at TIMESTAMP WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP WITH TIME ZONE NOT NULL
        );
        ALTER TABLE workflow_definitions
        ADD COLUMN sip_account_id INTEGER
        REFERENCES sip_accounts(id) ON DELETE SET NULL;
        CREATE INDEX idx_workflow_definitions_sip_account
        ON workflow_definitions(sip_account_id);
        """

    /// 002: the document's example account (with the given password), bound to `support`.
    public static func postgresTrunkPrincipal(password: String) -> String {
        """
        INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port, contact_transport,
            is_default, is_active, created_at, updated_at)
        VALUES ('Trunk Principal', 'sip:username@provider.com', 'username', '\(password)', 'votre-ip-publique.com',
            5060, 'udp', true, true, now(), now());
        UPDATE workflow_definitions SET sip_account_id = 1 WHERE workflow_id = (SELECT id FROM workflows WHERE slug = 'support');
        """
    }
}
