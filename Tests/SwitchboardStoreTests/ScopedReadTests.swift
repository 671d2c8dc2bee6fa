import Foundation
import Testing
import SwitchboardModel
import SwitchboardPlan
@testable import SwitchboardStore
import SwitchboardTestSupport

/// `StateReader.read(scope:)` (the daemon after an edit) reads exactly the rows of the scope that
/// a whole read has, with the whole database's counts for the guard, on both drivers; and
/// `read(alongside:)` (the daemon at each interval) reads what one connection reads.
struct ScopedReadTests {
    @Test(arguments: [SQLDialect.postgres, .sqlite])
    func aScopedReadIsTheWholeReadFilteredToTheScope(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        try Migrator(connection: connection).migrate()
        let key = dialect == .sqlite ? "did_key" : "key"
        // Keys that need escaping in an array literal and in JSON: a comma, quotes, a backslash.
        let oddKey = #"widget,"key"\'42"#
        try connection.execute("""
            INSERT INTO tenants (id, slug, name) VALUES (1, 'default', 'D'), (42, 'acme', 'A'), (57, 'bistrot', 'B');
            INSERT INTO tenant_routing (channel, \(key), tenant_id) VALUES ('vocal', '+33100000000', 1), ('vocal', '+33100000042', 42),
                ('whatsapp', '+33939240575', 42), ('vocal', '+33100000057', 57), ('fax', '+33100000099', 57);
            INSERT INTO sip_accounts (label, trunk_uri) VALUES ('Trunk A', 'sip:a@p.example');
            INSERT INTO channel_configurations (tenant_id, channel_type, enabled) VALUES (42, 'sms', TRUE), (57, 'sms', TRUE);
            """)
        try connection.run("INSERT INTO tenant_routing (channel, \(key), tenant_id) VALUES ('web', \(dialect == .sqlite ? "?1" : "$1"), 42)",
                           [.text(oddKey)])
        // vocal:+33190001987 shares vocal:+33100000042's bucket of switchboard_ownership: a
        // scoped read reads that bucket, and must still leave the row out of the scope's records.
        let records: [ManagedKey] = [
            .tenant(42), .tenant(57), ManagedKey(kind: .routes, key: "vocal:+33100000042"), ManagedKey(kind: .routes, key: "vocal:+33100000057"),
            ManagedKey(kind: .routes, key: "vocal:+33190001987"), ManagedKey(kind: .channels, key: "42:sms"),
            ManagedKey(kind: .channels, key: "57:sms"), .sipAccount("Trunk A"), ManagedKey(kind: .routes, key: "web:gone-key"),
            ManagedKey(kind: .routes, key: "web:" + oddKey),
        ]
        #expect(records[2].bucket == records[4].bucket)
        try connection.recordAdopted(records, facts: [], revision: nil)

        let scope = PlanScope(tenantIDs: [42], routeKeys: [RouteKey(channel: .vocal, key: "+33100000042"),
                                                            RouteKey(channel: .web, key: oddKey),
                                                            RouteKey(channel: .web, key: "gone-key")])
        let whole = try StateReader(connection: connection).read()
        let scoped = try StateReader(connection: connection).read(scope: scope)

        #expect(scoped.tenants == whole.tenants.filter { $0.id == 42 })
        #expect(scoped.routes.sorted { $0.key < $1.key } == whole.routes.filter { scope.routeKeys.contains($0.key) }.sorted { $0.key < $1.key })
        #expect(scoped.routes.count == 2)
        #expect(scoped.channelConfigurations == whole.channelConfigurations.filter { $0.tenantID == 42 })
        #expect(scoped.sipAccounts == whole.sipAccounts)
        #expect(scoped.managed == whole.managed.filter { Set(scope.managedKeys).contains($0) || $0.kind == .sipAccounts })
        #expect(scoped.managed.contains(ManagedKey(kind: .routes, key: "web:gone-key")))
        // Kinds read whole are counted by the read; the others only when a plan deletes them.
        #expect(scoped.wholeCounts == [.sipAccounts: 1, .workflowBindings: 0])
        #expect(try StateReader(connection: connection).count([.tenants: nil, .routes: nil, .channels: nil]) == [.tenants: 3, .routes: 5, .channels: 2])
        // Up to a bound: the guard needs to know only that there are at least that many.
        #expect(try StateReader(connection: connection).count([.routes: 2, .channels: 10]) == [.routes: 2, .channels: 2])
        #expect(whole.wholeCounts == nil)
    }
    @Test(arguments: [SQLDialect.postgres, .sqlite])
    func aReadOnTwoConnectionsIsTheReadOnOne(_ dialect: SQLDialect) throws {
        let database = try TestDatabase.make(dialect)
        let connection = try database.connect(), other = try database.connect()
        defer {
            connection.close()
            other.close()
        }
        try Migrator(connection: connection).migrate()
        let key = dialect == .sqlite ? "did_key" : "key"
        try connection.execute("""
            INSERT INTO tenants (id, slug, name) VALUES (1, 'default', 'D'), (42, 'acme', 'A');
            INSERT INTO tenant_routing (channel, \(key), tenant_id) VALUES ('vocal', '+33100000000', 1), ('vocal', '+33100000042', 42),
                ('whatsapp', '+33939240575', 42), ('fax', '+33100000099', 42);
            INSERT INTO sip_accounts (label, trunk_uri) VALUES ('Trunk A', 'sip:a@p.example');
            INSERT INTO channel_configurations (tenant_id, channel_type, enabled, templates) VALUES (42, 'sms', TRUE, '{"rdv": true}');
            """)
        try connection.recordAdopted(
            [.tenant(1), .tenant(42), ManagedKey(kind: .routes, key: "vocal:+33100000042"), ManagedKey(kind: .channels, key: "42:sms"),
             .sipAccount("Trunk A"), ManagedKey(kind: .routes, key: "web:gone-key")],
            facts: [RowFactsUpdate(key: .tenant(42), facts: RowFacts(isProtected: true))], revision: "r1")
        let one = try StateReader(connection: connection).read()
        // As the daemon reads: in its transaction, under the reconciler's lock (SQLite's writer).
        let two = try connection.transaction {
            try connection.makeApplier().lock()
            return try StateReader(connection: connection).read(alongside: other, expectedRows: 6)
        }
        #expect(two == one)
        #expect(two.routes.count == 3 && two.unknownChannelRouteCount == 1)
        #expect(two.channelConfigurations.map(\.templates) == [["rdv": true]])
        #expect(two.managed.count == 6 && two.rowFacts == [.tenant(42): RowFacts(isProtected: true)])
        #expect(two.sipAccounts.map(\.label) == ["Trunk A"])
    }
}
