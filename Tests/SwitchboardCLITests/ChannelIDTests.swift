import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// The id of a channel row switchboard creates (`TableShape.newRowUUID`): a random version 4 UUID
/// as the platform's default would draw, kept by updates; a table whose id is an integer numbers
/// its rows itself.
struct ChannelIDTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]
    static let files = [
        "tenants.d/acme.yaml": """
            tenant: {id: 42, slug: acme, name: Acme}
            channels:
              phone: {enabled: true}
              sms: {enabled: true}

            """,
        "tenants.d/bistrot.yaml": """
            tenant: {id: 57, slug: bistrot, name: Bistrot}
            channels:
              phone: {enabled: true}

            """,
    ]
    /// Lower-case hex, 8-4-4-4-12, version 4, variant 10.
    static func isVersion4(_ id: String) -> Bool {
        id.wholeMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/#) != nil
    }

    func ids(_ setup: ReconcileEndToEndTests.Setup) throws -> [String] {
        let connection = try setup.database.connect()
        defer { connection.close() }
        return try connection.rows("SELECT CAST(id AS TEXT) FROM channel_configurations ORDER BY tenant_id, channel_type").map { $0[0] ?? "" }
    }

    @Test(arguments: dialects)
    func aCreatedChannelGetsARandomUUIDThatItsUpdatesKeep(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: Self.files)
        let first = try setup.switchboard(["reconcile"])
        #expect(first.status == 0, "\(first.stderr)")
        let created = try ids(setup)
        #expect(created.count == 3)
        #expect(Set(created).count == 3)
        for id in created { #expect(Self.isVersion4(id), "\(id)") }

        // Acme's SMS switched off (an update) and a channel added to Bistrot (a create).
        try setup.write("tenants.d/acme.yaml", Self.files["tenants.d/acme.yaml"]!.replacingOccurrences(of: "sms: {enabled: true}", with: "sms: {enabled: false}"))
        try setup.write("tenants.d/bistrot.yaml", Self.files["tenants.d/bistrot.yaml"]! + "  sms: {enabled: true}\n")
        let second = try setup.switchboard(["reconcile"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("1 to add, 1 to change, 0 to delete"), "\(second.stdout)")
        let after = try ids(setup)
        #expect(after.count == 4)
        #expect(Array(after.prefix(3)) == created)
        #expect(Self.isVersion4(after[3]) && !created.contains(after[3]))
    }

    @Test(arguments: dialects)
    func aTableWhoseIDIsAnIntegerNumbersItsRowsItself(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: Self.files)
        let connection = try setup.database.connect()
        let id = dialect == .postgres ? "id SERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT"
        try connection.execute("""
            CREATE TABLE tenants (id BIGINT PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE channel_configurations (\(id), tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                channel_type VARCHAR(20) NOT NULL, enabled BOOLEAN DEFAULT FALSE, configured BOOLEAN DEFAULT FALSE,
                config_encrypted TEXT, templates TEXT DEFAULT '{}', created_at TIMESTAMP, updated_at TIMESTAMP,
                UNIQUE (tenant_id, channel_type));
            """)
        connection.close()
        let outcome = try setup.switchboard(["reconcile"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Set(ids(setup)) == ["1", "2", "3"])
    }
}
