import Foundation
import Testing
import SwitchboardModel
@testable import SwitchboardStore
import SwitchboardTestSupport

/// Migrations on the platform's existing databases, built with the seed documents' own statements:
/// every row kept, column names kept, and the platform's own writes still work afterwards.
struct BrownfieldTests {
    /// ../shared/seeds/000 (routes, PostgreSQL) and 002 (multi-SIP), as the platform ran them.
    @Test func postgresPlatformDatabase() throws {
        let connection = try TestDatabase.make(.postgres).connect()
        try connection.execute(PlatformSeeds.postgresRoutingTable
            + PlatformSeeds.postgresRouteUpsert("whatsapp", "+33939240575", tenant: 1)
            + PlatformSeeds.postgresRouteUpsert("vocal", "+33100000000", tenant: 1)
            + PlatformSeeds.postgresMultiSIP + PlatformSeeds.postgresTrunkPrincipal(password: "password"))
        let routesBefore = try connection.rows("SELECT channel, key, tenant_id, is_active, updated_at FROM tenant_routing ORDER BY channel, key")
        let accountsBefore = try connection.rows("SELECT * FROM sip_accounts ORDER BY id")

        #expect(try Migrator(connection: connection).migrate().map(\.version) == [1, 2, 3, 4, 5])

        #expect(try connection.rows("SELECT channel, key, tenant_id, is_active, updated_at FROM tenant_routing ORDER BY channel, key") == routesBefore)
        #expect(try connection.rows("SELECT * FROM sip_accounts ORDER BY id") == accountsBefore)
        // Its own unique constraint is the one ON CONFLICT uses: no second index was added.
        #expect(try connection.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'tenant_routing'") == "1")
        // The platform's own upsert, unchanged, still works.
        try connection.execute("""
            INSERT INTO tenant_routing (channel, key, tenant_id, is_active, updated_at)
            VALUES ('whatsapp', '+33939240575', 42, TRUE, now())
            ON CONFLICT (channel, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, is_active = TRUE, updated_at = now();
            """)
        #expect(try connection.scalar("SELECT tenant_id FROM tenant_routing WHERE key = '+33939240575'") == "42")
        // The multi-SIP document's own INSERT names neither created_at nor updated_at: it works now.
        try connection.execute("""
            INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port, contact_transport, is_default, is_active)
            VALUES ('Trunk Secondaire', 'sip:username@provider.com', 'username', 'password', 'votre-ip-publique.com', 5060, 'udp', false, true);
            """)
        let state = try StateReader(connection: connection).read()
        #expect(state.routes.count == 2)
        #expect(state.sipAccounts.map(\.label).sorted() == ["Trunk Principal", "Trunk Secondaire"])
        #expect(state.workflowBindings == [WorkflowBinding(workflowSlug: "support", accountLabel: "Trunk Principal")])
        #expect(state.knownWorkflows == ["accueil", "support"])
    }

    /// ../shared/seeds/000 (routes, SQLite): `did_key` and `created_at`, written with INSERT OR REPLACE.
    @Test func legacySQLiteRouting() throws {
        let connection = try TestDatabase.make(.sqlite).connect()
        try connection.execute(PlatformSeeds.sqliteRoutingTable
            + PlatformSeeds.sqliteRouteInsert("whatsapp", "+33939240575", tenant: 1)
            + PlatformSeeds.sqliteRouteInsert("vocal", "+33100000000", tenant: 1))
        let before = try connection.rows("SELECT channel, did_key, tenant_id, created_at FROM tenant_routing ORDER BY channel")

        try Migrator(connection: connection).migrate()

        #expect(try connection.rows("SELECT channel, did_key, tenant_id, created_at FROM tenant_routing ORDER BY channel") == before)
        #expect(try connection.rows("SELECT DISTINCT is_active FROM tenant_routing") == [["1"]])
        let schema = connection
        #expect(try schema.columnExists("tenant_routing", "did_key"))
        #expect(try !schema.columnExists("tenant_routing", "key"))
        try connection.execute("""
            INSERT OR REPLACE INTO tenant_routing (channel, did_key, tenant_id, created_at)
            VALUES ('whatsapp', '+33939240575', 2, datetime('now'));
            """)
        #expect(try connection.scalar("SELECT count(*) FROM tenant_routing") == "2")
        let routes = try StateReader(connection: connection).read().routes.sorted { $0.key < $1.key }
        #expect(routes.map(\.key.key) == ["+33100000000", "+33939240575"])
        #expect(routes.map(\.tenantID) == [1, 2])
    }
}
