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

    /// The single-SIP days' settings table (multi-SIP document, "Fallback AppSettings"), the
    /// columns its migration script reads.
    static let appSettingsTable = """
        CREATE TABLE app_settings (id INTEGER, sip_trunk_uri TEXT, sip_trunk_username TEXT,
            sip_trunk_password TEXT, sip_contact_host TEXT, sip_contact_port INTEGER, sip_contact_transport TEXT);
        """

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
                """ + PlatformSeeds.postgresRoutingTable
                + PlatformSeeds.postgresRouteUpsert("whatsapp", "+33939240575", tenant: 1)
                + PlatformSeeds.postgresRouteUpsert("vocal", "+33100000000", tenant: 1)
                + PlatformSeeds.postgresRouteUpsert("web", "widget-key-tenant-42", tenant: 2)
                + "INSERT INTO tenant_routing (channel, key, tenant_id, is_active) VALUES ('vocal', '+33100000099', 2, FALSE);"
                + PlatformSeeds.postgresMultiSIP + Self.appSettingsTable)
            if !legacyTrunk { try connection.execute(PlatformSeeds.postgresTrunkPrincipal(password: trunkPassword)) }
        case .sqlite:
            try connection.execute("""
                CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL, is_active BOOLEAN NOT NULL DEFAULT 1);
                INSERT INTO tenants (id, name) VALUES (1, 'Plateforme'), (2, 'Bistrot Lumière');
                """ + PlatformSeeds.sqliteRoutingTable
                + PlatformSeeds.sqliteRouteInsert("whatsapp", "+33939240575", tenant: 1)
                + PlatformSeeds.sqliteRouteInsert("vocal", "+33100000000", tenant: 1)
                + PlatformSeeds.sqliteRouteInsert("web", "widget-key-tenant-42", tenant: 2)
                + PlatformSeeds.sqliteRouteInsert("vocal", "+33100000099", tenant: 2)
                + Self.appSettingsTable)
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
            // The route made inactive once the migration added the column; the multi-SIP
            // document's INSERT, on the table the migration created.
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
