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
        #expect(try migrator.pending().map(\.version) == [1, 2, 3, 4, 5])
        #expect(try migrator.migrate().map(\.version) == [1, 2, 3, 4, 5])
        #expect(try migrator.status().map(\.state).allSatisfy { $0 != .pending })
        let schema = connection
        for table in ["tenants", "tenant_routing", "sip_accounts", "channel_configurations", "channel_messages_log",
                      "switchboard_managed", "switchboard_ownership", "switchboard_row_facts", "switchboard_runs", "switchboard_migrations"] {
            #expect(try schema.tableExists(table), "\(table)")
        }
        #expect(try schema.columnExists("tenant_routing", dialect == .sqlite ? "did_key" : "key"))
        // One index per identity: every insert writes each index of its table.
        #expect(try Self.indexes(of: "tenant_routing", connection) == 1)
        #expect(try Self.indexes(of: "tenants", connection) == (dialect == .sqlite ? 1 : 2))  // SQLite's id is the rowid
        if dialect == .postgres {
            // Where the server has LZ4 (this one: PostgreSQL 15 from Debian), the buckets use it.
            let hasLZ4 = try connection.scalar(
                "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)") == "1"
            #expect(try connection.scalar(
                "SELECT attcompression FROM pg_attribute WHERE attrelid = 'switchboard_ownership'::regclass AND attname = 'keys'")
                == (hasLZ4 ? "l" : ""))
        }
    }

    /// `dropIndexIfDuplicated` (SQLite's migration 5) drops an index only where another unique index
    /// over the whole table has the same key columns: not a table's only unique index, not one a
    /// partial index resembles, not one whose columns come in another order.
    @Test(arguments: dialects)
    func anIndexIsDroppedOnlyWhereAnotherUniqueIndexDoesItsWork(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        try connection.execute("""
            CREATE TABLE copied (a TEXT, b TEXT, UNIQUE (a, b)); CREATE UNIQUE INDEX copied_again ON copied (a, b);
            CREATE TABLE keyed (a TEXT, b TEXT, PRIMARY KEY (a, b)); CREATE INDEX keyed_again ON keyed (a, b);
            CREATE TABLE alone (a TEXT, b TEXT); CREATE UNIQUE INDEX alone_only ON alone (a, b);
            CREATE TABLE partly (a TEXT, b TEXT); CREATE UNIQUE INDEX partly_some ON partly (a, b) WHERE a > 'm';
            CREATE UNIQUE INDEX partly_whole ON partly (a, b);
            CREATE TABLE turned (a TEXT, b TEXT, UNIQUE (a, b)); CREATE UNIQUE INDEX turned_around ON turned (b, a);
            """)
        let named = ["copied": "copied_again", "keyed": "keyed_again", "alone": "alone_only", "partly": "partly_whole",
                     "turned": "turned_around"]
        for (table, index) in named.sorted(by: { $0.key < $1.key }) {
            try connection.apply(.dropIndexIfDuplicated(table: table, index: index))
        }
        var left: [String: Int] = [:]
        for table in named.keys { left[table] = try Self.indexes(of: table, connection) }
        #expect(left == ["copied": 1, "keyed": 1, "alone": 1, "partly": 2, "turned": 2])
        #expect(try Self.hasIndex("copied_again", connection) == false)
        #expect(try Self.hasIndex("keyed_again", connection) == false)
        #expect(try Self.hasIndex("alone_only", connection))
        #expect(try Self.hasIndex("partly_whole", connection))
        #expect(try Self.hasIndex("turned_around", connection))
        // A second run, as on a database migrated before: nothing more to drop, no error.
        try connection.apply(.dropIndexIfDuplicated(table: "copied", index: "copied_again"))
        #expect(try Self.indexes(of: "copied", connection) == 1)
    }

    static func indexes(of table: String, _ connection: any DatabaseConnection) throws -> Int {
        let sql = connection is SQLiteConnection
            ? "SELECT count(*) FROM pragma_index_list(?1)"
            : "SELECT count(*) FROM pg_index WHERE indrelid = to_regclass($1)"
        return Int(try connection.scalar(sql, [.text(table)]) ?? "") ?? -1
    }

    static func hasIndex(_ index: String, _ connection: any DatabaseConnection) throws -> Bool {
        let sql = connection is SQLiteConnection
            ? "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1"
            : "SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname = $1"
        return try connection.scalar(sql, [.text(index)]) == "1"
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
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_migrations") == "5")
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
