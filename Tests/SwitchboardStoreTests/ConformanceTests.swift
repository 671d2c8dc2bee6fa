import Foundation
import Testing
import SwitchboardModel
@testable import SwitchboardStore
import SwitchboardTestSupport

/// One suite, both drivers (DESIGN §2): the same behaviour from PostgreSQL and SQLite.
struct ConformanceTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]

    @Test(arguments: dialects)
    func migratesAnEmptyDatabase(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        let migrator = Migrator(connection: connection)
        #expect(try migrator.pending().map(\.version) == [1, 2, 3, 4])
        #expect(try migrator.migrate().map(\.version) == [1, 2, 3, 4])
        #expect(try migrator.status().map(\.state).allSatisfy { $0 != .pending })
        let schema = connection
        for table in ["tenants", "tenant_routing", "sip_accounts", "channel_configurations", "channel_messages_log",
                      "switchboard_managed", "switchboard_ownership", "switchboard_row_facts", "switchboard_runs", "switchboard_migrations"] {
            #expect(try schema.tableExists(table), "\(table)")
        }
        #expect(try schema.columnExists("tenant_routing", dialect == .sqlite ? "did_key" : "key"))
    }

    /// One leader among replicas: a second lock on the same database waits until the first is gone.
    @Test(arguments: dialects)
    func oneLeaderAtATime(_ dialect: SQLDialect) throws {
        let database = try TestDatabase.make(dialect)
        try Migrator(connection: try database.connect()).migrate()
        let first = Database.leaderLock(for: database.target)
        let second = Database.leaderLock(for: database.target)
        #expect(try first.poll())
        #expect(try !second.poll())
        #expect(try first.poll())  // still held
        first.release()
        // The server frees a session's lock when its process ends, a moment after the close:
        // a standby polls (the daemon every second), with a deadline here.
        let deadline = Date().addingTimeInterval(10)
        var tookOver = try second.poll()
        while !tookOver, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            tookOver = try second.poll()
        }
        #expect(tookOver)
        #expect(try !first.poll())
        second.release()
    }

    @Test(arguments: dialects)
    func secondMigrateIsANoOp(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        try Migrator(connection: connection).migrate()
        #expect(try Migrator(connection: connection).migrate().isEmpty)
        #expect(try Migrator(connection: connection).pendingSQL() == "")
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_migrations") == "4")
    }

    @Test(arguments: dialects)
    func dryRunPrintsSQLAndChangesNothing(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        let sql = try Migrator(connection: connection).pendingSQL()
        #expect(sql.contains("-- migration 1: platform tables"))
        #expect(sql.contains("CREATE TABLE IF NOT EXISTS tenant_routing"))
        #expect(try !connection.tableExists("tenants"))
    }

    @Test(arguments: dialects)
    func changedChecksumIsRefused(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        try Migrator(connection: connection).migrate()
        try connection.run("UPDATE switchboard_migrations SET checksum = 'f00d' WHERE version = 1")
        let expected = "migration 1 (platform tables) was applied with checksum f00d…, but this switchboard embeds \(Migrator(connection: connection).migrations[0].checksum.prefix(12))…: an applied migration must never change"
        #expect(throws: DatabaseError(expected)) { try Migrator(connection: connection).migrate() }
        #expect(throws: DatabaseError(expected)) { try Migrator(connection: connection).status() }
    }

    @Test(arguments: dialects)
    func stateReadBackEqualsWhatWasWritten(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        try Migrator(connection: connection).migrate()
        let p = dialect == .postgres ? "$" : "?"
        let keyColumn = dialect == .postgres ? "key" : "did_key"
        try connection.run("INSERT INTO tenants (id, slug, name, is_active) VALUES (1, 'default', 'Défaut', \(dialect == .postgres ? "true" : "1")), (42, 'acme', 'Acme', \(dialect == .postgres ? "false" : "0"))")
        for (channel, key, tenant, active) in [("vocal", "+33100000042", 42, true), ("whatsapp", "+33939240575", 42, false), ("web", "widget-key-tenant-42", 1, true)] {
            try connection.run("INSERT INTO tenant_routing (channel, \(keyColumn), tenant_id, is_active) VALUES (\(p)1, \(p)2, \(p)3, \(p)4)",
                               [.text(channel), .text(key), .integer(Int64(tenant)), .bool(active)])
        }
        try connection.run("""
            INSERT INTO sip_accounts (label, trunk_uri, username, password, contact_host, contact_port, contact_transport, is_default, is_active, created_at, updated_at)
            VALUES (\(p)1, 'sip:a@p.example', 'a', 'pw-a', 'voice.example', 5060, 'tls', \(p)2, \(p)3, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
            """, [.text("Trunk A"), .bool(true), .bool(true)])
        // The same templates text twice (parsed once by the reader), and two others.
        for (tenant, type, templates) in [(42, "sms", #"{"rdvRappel": true, "promotions": false}"#),
                                          (1, "sms", #"{"rdvRappel": true, "promotions": false}"#),
                                          (1, "email", "{}"), (42, "email", #"{"promotions": true}"#)] {
            try connection.run("INSERT INTO channel_configurations (tenant_id, channel_type, enabled, configured, config_encrypted, templates) VALUES (\(p)1, \(p)2, \(p)3, \(p)4, NULL, \(p)5)",
                               [.integer(Int64(tenant)), .text(type), .bool(true), .bool(true), .text(templates)])
        }
        try connection.recordAdopted([ManagedKey(kind: .routes, key: "vocal:+33100000042"), .tenant(42)], facts: [], revision: nil)

        let state = try StateReader(connection: connection).read()
        #expect(state.tenants.sorted { $0.id < $1.id } == [
            Tenant(id: 1, slug: "default", name: "Défaut", isActive: true), Tenant(id: 42, slug: "acme", name: "Acme", isActive: false),
        ])
        #expect(state.routes.sorted { $0.key < $1.key } == [
            Route(key: RouteKey(channel: .vocal, key: "+33100000042"), tenantID: 42, isActive: true),
            Route(key: RouteKey(channel: .web, key: "widget-key-tenant-42"), tenantID: 1, isActive: true),
            Route(key: RouteKey(channel: .whatsapp, key: "+33939240575"), tenantID: 42, isActive: false),
        ])
        #expect(state.sipAccounts == [SIPAccount(
            label: "Trunk A", trunkURI: "sip:a@p.example", username: "a", password: .literal("pw-a"), contactHost: "voice.example",
            contactPort: 5060, contactTransport: .tls, isDefault: true, isActive: true)])
        #expect(state.channelConfigurations.sorted { ($0.tenantID, $0.type.rawValue) < ($1.tenantID, $1.type.rawValue) } == [
            StoredChannelConfiguration(tenantID: 1, type: .email, isEnabled: true, isConfigured: true, templates: [:], configEncrypted: nil),
            StoredChannelConfiguration(tenantID: 1, type: .sms, isEnabled: true, isConfigured: true,
                                       templates: ["rdvRappel": true, "promotions": false], configEncrypted: nil),
            StoredChannelConfiguration(tenantID: 42, type: .email, isEnabled: true, isConfigured: true, templates: ["promotions": true],
                                       configEncrypted: nil),
            StoredChannelConfiguration(tenantID: 42, type: .sms, isEnabled: true, isConfigured: true,
                                       templates: ["rdvRappel": true, "promotions": false], configEncrypted: nil),
        ])
        #expect(state.managed == [.route(RouteKey(channel: .vocal, key: "+33100000042")), .tenant(42)])
        #expect(state.knownWorkflows == nil)
    }

    @Test(arguments: dialects)
    func workflowBindingsAreReadWhereThePlatformHasWorkflows(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        let serial = dialect == .postgres ? "SERIAL" : "INTEGER"
        try connection.execute("""
            CREATE TABLE workflows (id \(serial) PRIMARY KEY, slug TEXT NOT NULL);
            CREATE TABLE workflow_definitions (id \(serial) PRIMARY KEY, workflow_id INTEGER NOT NULL REFERENCES workflows(id), version INTEGER NOT NULL, is_active BOOLEAN NOT NULL DEFAULT TRUE);
            INSERT INTO workflows (id, slug) VALUES (1, 'accueil'), (2, 'support'), (3, 'commercial');
            INSERT INTO workflow_definitions (workflow_id, version) VALUES (1, 1), (1, 2), (2, 1), (3, 1), (3, 2);
            """)
        try Migrator(connection: connection).migrate()
        #expect(try connection.columnExists("workflow_definitions", "sip_account_id"))
        try connection.execute("""
            INSERT INTO sip_accounts (id, label, trunk_uri, created_at, updated_at) VALUES (1, 'A', 'sip:a@p', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), (2, 'B', 'sip:b@p', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
            UPDATE workflow_definitions SET sip_account_id = 1 WHERE workflow_id = 1;
            UPDATE workflow_definitions SET sip_account_id = 2 WHERE id = 4;
            """)
        let state = try StateReader(connection: connection).read()
        #expect(state.knownWorkflows == ["accueil", "support", "commercial"])
        #expect(state.workflowBindings == [WorkflowBinding(workflowSlug: "accueil", accountLabel: "A")])
        #expect(state.mixedWorkflowBindings == ["commercial"])
    }
}
