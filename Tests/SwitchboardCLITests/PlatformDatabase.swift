import Foundation
import SwitchboardModel
import SwitchboardStore
import SwitchboardTestSupport

/// A platform database as switchboard finds it on adoption day, built with the seed documents' own
/// statements (../shared/seeds/000 routes, 002 multi-SIP), plus what the admin API made: a
/// tenants table without slugs, a web key, an inactive route and encrypted channel settings.
enum PlatformDatabase {
    static let key = "q3Y1c2VyLWtleS1BLWZvci1zd2l0Y2hib2FyZC10ZXM="
    static let trunkPassword = "trunk-Secret-4242"
    static let smtpPassword = "bistrot-smtp-Secret-99"

    /// - Parameter legacyTrunk: the single-SIP days: no sip_accounts row, the trunk in app_settings.
    static func build(_ dialect: SQLDialect, legacyTrunk: Bool = false) throws -> ReconcileEndToEndTests.Setup {
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: [:])
        let connection = try setup.database.connect()
        defer { connection.close() }
        switch dialect {
        case .postgres:
            try connection.execute("""
                CREATE TABLE tenants (id BIGINT PRIMARY KEY, name TEXT NOT NULL, is_active BOOLEAN NOT NULL DEFAULT TRUE);
                INSERT INTO tenants (id, name) VALUES (1, 'Plateforme'), (2, 'Bistrot Lumière');
                CREATE TABLE tenant_routing (
                    channel TEXT NOT NULL, key TEXT NOT NULL, tenant_id BIGINT NOT NULL,
                    is_active BOOLEAN DEFAULT TRUE, updated_at TIMESTAMPTZ DEFAULT now(),
                    CONSTRAINT tenant_routing_channel_key_uq UNIQUE (channel, key));
                INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
                VALUES ('whatsapp', '+33939240575', 1, TRUE, now())
                ON CONFLICT (channel, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, is_active = TRUE, updated_at = now();
                INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
                VALUES ('vocal', '+33100000000', 1, TRUE, now())
                ON CONFLICT (channel, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, is_active = TRUE, updated_at = now();
                INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
                VALUES ('web', 'widget-key-tenant-42', 2, TRUE, now())
                ON CONFLICT (channel, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, is_active = TRUE, updated_at = now();
                INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
                VALUES ('vocal', '+33100000099', 2, FALSE, now());

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
                CREATE TABLE app_settings (id SERIAL PRIMARY KEY, sip_trunk_uri TEXT, sip_trunk_username TEXT,
                    sip_trunk_password TEXT, sip_contact_host TEXT, sip_contact_port INTEGER, sip_contact_transport TEXT);
                """)
            if !legacyTrunk {
                try connection.execute("""
                    INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port, contact_transport,
                        is_default, is_active, created_at, updated_at)
                    VALUES ('Trunk Principal', 'sip:username@provider.com', 'username', '\(trunkPassword)', 'votre-ip-publique.com',
                        5060, 'udp', true, true, now(), now());
                    UPDATE workflow_definitions SET sip_account_id = 1 WHERE workflow_id = (SELECT id FROM workflows WHERE slug = 'support');
                    """)
            }
        case .sqlite:
            try connection.execute("""
                CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL, is_active BOOLEAN NOT NULL DEFAULT 1);
                INSERT INTO tenants (id, name) VALUES (1, 'Plateforme'), (2, 'Bistrot Lumière');
                CREATE TABLE tenant_routing (channel TEXT NOT NULL, did_key TEXT NOT NULL, tenant_id INTEGER NOT NULL,
                    created_at TEXT, PRIMARY KEY (channel, did_key));
                INSERT OR REPLACE INTO tenant_routing (channel, did_key, tenant_id, created_at)
                VALUES ('whatsapp', '+33939240575', 1, datetime('now'));
                INSERT OR REPLACE INTO tenant_routing (channel, did_key, tenant_id, created_at)
                VALUES ('vocal', '+33100000000', 1, datetime('now'));
                INSERT OR REPLACE INTO tenant_routing (channel, did_key, tenant_id, created_at)
                VALUES ('web', 'widget-key-tenant-42', 2, datetime('now'));
                INSERT OR REPLACE INTO tenant_routing (channel, did_key, tenant_id, created_at)
                VALUES ('vocal', '+33100000099', 2, datetime('now'));
                CREATE TABLE app_settings (id INTEGER PRIMARY KEY, sip_trunk_uri TEXT, sip_trunk_username TEXT,
                    sip_trunk_password TEXT, sip_contact_host TEXT, sip_contact_port INTEGER, sip_contact_transport TEXT);
                """)
        }
        if legacyTrunk {
            try connection.execute("""
                INSERT INTO app_settings (sip_trunk_uri, sip_trunk_username, sip_trunk_password, sip_contact_host, sip_contact_port,
                    sip_contact_transport)
                VALUES ('sip:legacy@provider.com', 'legacy', '\(trunkPassword)', 'votre-ip-publique.com', 5060, 'udp');
                """)
        }
        // The platform's tables are there: switchboard adds its own, then the admin API's writes follow.
        try Migrator(connection: connection).migrate()
        if dialect == .sqlite {
            // The multi-SIP document's INSERT, on the table the migration created.
            try connection.execute("UPDATE tenant_routing SET is_active = 0 WHERE did_key = '+33100000099'")
            if !legacyTrunk {
                try connection.execute("""
                    INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port, contact_transport, is_default, is_active)
                    VALUES ('Trunk Principal', 'sip:username@provider.com', 'username', '\(trunkPassword)', 'votre-ip-publique.com', 5060, 'udp', true, true);
                    """)
            }
        }
        let settings = SettingValues([
            "smtp.host": .text("smtp.bistrot.example"), "smtp.port": .text("465"), "smtp.secure": .text("true"),
            "smtp.user": .text("resa@bistrot.example"), "smtp.password": .text(smtpPassword),
            "smtp.fromEmail": .text("resa@bistrot.example"), "smtp.fromName": .text("Bistrot Lumière"),
        ])
        let encrypted = try SettingsCipher.encrypt(settings, with: EncryptionKey(base64: key))
        let (p1, p2) = dialect == .postgres ? ("$1", "$2") : ("?1", "?2")
        try connection.run("""
            INSERT INTO channel_configurations (tenant_id, channel_type, enabled, configured, config_encrypted, templates)
            VALUES (2, 'email', TRUE, TRUE, \(p1), \(p2))
            """, [.text(encrypted), .text("{\"rdvConfirmation\": true}")])
        try connection.execute("""
            INSERT INTO channel_configurations (tenant_id, channel_type, enabled, configured, templates)
            VALUES (2, 'sms', TRUE, TRUE, '{"rdvRappel": false}')
            """)
        return setup
    }

    /// `NAME='value'` lines of an exported secrets file, as `set -a; . file` would load them.
    static func secrets(in path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...].dropFirst().dropLast())
        }
        return values
    }
}
