import Foundation
import Testing
import SwitchboardModel
import SwitchboardPlan
@testable import SwitchboardStore
import SwitchboardTestSupport

/// What every driver must do with a plan, on both (the rest of the conformance list is in
/// `ConformanceTests`: migrations, read-back, the leader lock; scoped reads in `ScopedReadTests`;
/// kill -9 during a 100k apply, through the binary, in `ReconcileEndToEndTests`).
struct ApplyConformanceTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]

    /// One row of every kind a database without workflow tables holds (the embedded default).
    static let desired = DesiredState(
        tenants: [Tenant(id: 1, slug: "default", name: "Défaut"), Tenant(id: 42, slug: "acme", name: "Acme Plomberie", isActive: false)],
        routes: [Route(key: RouteKey(channel: .vocal, key: "+33100000042"), tenantID: 42),
                 Route(key: RouteKey(channel: .whatsapp, key: "+33939240575"), tenantID: 42, isActive: false),
                 Route(key: RouteKey(channel: .web, key: "widget \"key\" \\ 42"), tenantID: 1)],
        sipAccounts: [SIPAccount(label: "Trunk Principal", trunkURI: "sip:trunk@voice.example", username: "principal",
                                 password: .literal("pw-principal"), contactHost: "voice.example", contactPort: 5061,
                                 contactTransport: .tls, isDefault: true)],
        channelConfigurations: [ChannelConfiguration(tenantID: 42, type: .sms, isEnabled: true, templates: ["rdvRappel": true, "promotions": false])])

    static func migrated(_ dialect: SQLDialect) throws -> (TestDatabase, any DatabaseConnection) {
        let database = try TestDatabase.make(dialect)
        let connection = try database.connect()
        try Migrator(connection: connection).migrate()
        return (database, connection)
    }

    static func plan(_ desired: DesiredState, _ connection: any DatabaseConnection) throws -> Plan {
        Planner.plan(desired: desired, actual: try StateReader(connection: connection).read(), secrets: ResolvedSecrets(),
                     policy: PlanPolicy(prune: [.routes: .owned], allowDeletes: true))
    }

    /// Plans against the database and applies the plan in one transaction, as `reconcile` does.
    @discardableResult
    static func reconcile(_ desired: DesiredState, _ connection: any DatabaseConnection) throws -> Plan {
        try connection.transaction {
            let applier = connection.makeApplier()
            try applier.lock()
            let plan = try plan(desired, connection)
            try applier.apply(plan, values: RowValues(secrets: ResolvedSecrets()), revision: "r1")
            return plan
        }
    }

    @Test(arguments: dialects)
    func anAppliedPlanReadsBackAsDeclaredAndTheNextPlanIsEmpty(_ dialect: SQLDialect) throws {
        let (_, connection) = try Self.migrated(dialect)
        let applied = try Self.reconcile(Self.desired, connection)
        #expect(applied.count(of: .create) == 7)

        let state = try StateReader(connection: connection).read()
        #expect(state.tenants.sorted { $0.id < $1.id } == Self.desired.tenants)
        #expect(state.routes.sorted { $0.key < $1.key } == Self.desired.routes.sorted { $0.key < $1.key })
        #expect(state.sipAccounts == Self.desired.sipAccounts)
        #expect(state.channelConfigurations == [StoredChannelConfiguration(
            tenantID: 42, type: .sms, isEnabled: true, isConfigured: true, templates: ["rdvRappel": true, "promotions": false],
            configEncrypted: nil)])
        #expect(state.managed == Set(applied.ownedAfterApply))
        let next = try Self.plan(Self.desired, connection)
        #expect(next.isEmpty && !next.hasWrites)
    }

    /// Updates and deletes of every table kind, in one plan, read back.
    @Test(arguments: dialects)
    func updatesAndDeletesReadBack(_ dialect: SQLDialect) throws {
        let (_, connection) = try Self.migrated(dialect)
        try Self.reconcile(Self.desired, connection)
        var edited = Self.desired
        edited.tenants[1].name = "Acme \"Plomberie\" & Fils"
        edited.tenants[1].isActive = true
        edited.routes[0].tenantID = 1
        edited.routes.remove(at: 2)
        edited.sipAccounts[0].contactPort = nil
        edited.sipAccounts[0].password = .literal("rotated")
        edited.channelConfigurations[0].isEnabled = false
        let plan = try Self.reconcile(edited, connection)
        #expect((plan.count(of: .update), plan.count(of: .delete)) == (4, 1))

        let state = try StateReader(connection: connection).read()
        #expect(state.tenants.sorted { $0.id < $1.id } == edited.tenants)
        #expect(state.routes.sorted { $0.key < $1.key } == edited.routes.sorted { $0.key < $1.key })
        #expect(state.sipAccounts == edited.sipAccounts)
        #expect(state.channelConfigurations.map(\.isEnabled) == [false])
        #expect(!state.managed.contains(.route(Self.desired.routes[2].key)))
        #expect(try Self.plan(edited, connection).isEmpty)
    }

    /// prune: owned deletes what switchboard wrote and keeps a row made by hand; a row made by
    /// hand that the files then declare is taken over (recorded, not duplicated).
    @Test(arguments: dialects)
    func ownershipDecidesWhatAPruneDeletes(_ dialect: SQLDialect) throws {
        let (_, connection) = try Self.migrated(dialect)
        try Self.reconcile(Self.desired, connection)
        let key = connection.routeKeyColumn
        let p = connection.placeholder
        try connection.run("INSERT INTO tenant_routing (channel, \(key), tenant_id, is_active) VALUES ('vocal', \(p(1)), 42, \(p(2)))",
                           [.text("+33100000099"), .bool(true)])
        var shrunk = Self.desired
        shrunk.routes = [Self.desired.routes[1]]
        let plan = try Self.reconcile(shrunk, connection)
        #expect(plan.routes.map(\.action) == [.delete, .delete])
        #expect(plan.retained.map(\.key) == [.route(RouteKey(channel: .vocal, key: "+33100000099"))])
        let state = try StateReader(connection: connection).read()
        #expect(Set(state.routes.map(\.key.key)) == ["+33939240575", "+33100000099"])

        var declared = shrunk
        declared.routes.append(Route(key: RouteKey(channel: .vocal, key: "+33100000099"), tenantID: 42))
        let takeOver = try Self.reconcile(declared, connection)
        #expect(takeOver.routes.map(\.action) == [.update])
        #expect(takeOver.routes.first?.fields.map(\.name.rawValue) == ["managed"])
        #expect(try StateReader(connection: connection).read().managed.contains(.route(RouteKey(channel: .vocal, key: "+33100000099"))))
    }

    /// A pending reload is recorded with the run, counted, and cleared by one delivery.
    @Test(arguments: dialects)
    func theReloadLedgerKeepsAPendingReloadUntilDelivered(_ dialect: SQLDialect) throws {
        let (_, connection) = try Self.migrated(dialect)
        let ledger = ReloadLedger(connection: connection)
        #expect(try ledger.pendingCount() == 0)
        for pending in [true, true, false] {
            try connection.transaction {
                try connection.makeApplier().recordRun(RunRecord(
                    startedAt: "2026-11-22T10:00:00Z", revision: "r1", sourceDigest: "d", summary: "{}", outcome: "applied",
                    reloadPending: pending))
            }
        }
        #expect(try ledger.pendingCount() == 2)
        try ledger.markDelivered()
        #expect(try ledger.pendingCount() == 0)
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_runs") == "3")
    }

    /// A second apply records its keys among those of the first (3,000 routes fill the buckets
    /// with several keys each) and writes facts over those recorded: what is read back is exactly
    /// what the files declare.
    @Test(arguments: dialects)
    func ownershipAndFactsRecordedOverAnEarlierApplyReadBackExactly(_ dialect: SQLDialect) throws {
        let (_, connection) = try Self.migrated(dialect)
        func routes(_ numbers: Range<Int>, protected: (Int) -> Bool) -> [Route] {
            numbers.map { number in
                var route = Route(key: RouteKey(channel: .vocal, key: "+3310\(String(format: "%07d", number))"), tenantID: 42)
                route.isProtected = protected(number)
                return route
            }
        }
        var first = Self.desired
        first.routes = routes(0..<3_000) { $0 >= 1_000 && $0 % 3 == 0 }
        try Self.reconcile(first, connection)
        // A third of the routes (none protected) go, as many come, and the protection moves.
        var second = Self.desired
        second.routes = routes(1_000..<4_000) { $0 % 3 == 1 }
        let plan = try Self.reconcile(second, connection)
        #expect((plan.count(of: .create), plan.count(of: .delete)) == (1_000, 1_000))

        let state = try StateReader(connection: connection).read()
        let expected = Set(second.tenants.map(\.managedKey) + second.routes.map(\.managedKey) + second.sipAccounts.map(\.managedKey)
                           + second.channelConfigurations.map(\.managedKey))
        #expect(state.managed == expected)
        let protected = Dictionary(uniqueKeysWithValues: second.routes.filter(\.isProtected).map { ($0.managedKey, RowFacts(isProtected: true)) })
        #expect(state.rowFacts.filter { $0.key.kind == .routes } == protected)
        #expect(state.rowFacts[.sipAccount("Trunk Principal")] == RowFacts(secretReferences: ["password": "literal"]))
        #expect(try Self.plan(second, connection).isEmpty)
    }

    /// SQLite writes with statement journals in memory and a larger page cache, and gives the
    /// cache back once written: a connection that then reads every row (a no-op plan, the daemon)
    /// keeps no more pages than SQLite's default.
    @Test func sqliteWritesWithLargerBuffersAndGivesTheCacheBack() throws {
        let (_, connection) = try Self.migrated(.sqlite)
        let before = try connection.scalar("PRAGMA cache_size")
        #expect(try connection.scalar("PRAGMA temp_store") == "2")
        try connection.transaction {
            try connection.makeApplier().apply(try Self.plan(Self.desired, connection), values: RowValues(secrets: ResolvedSecrets()), revision: nil)
            #expect(try connection.scalar("PRAGMA cache_size") == before)
        }
        #expect(before == "-2000")
        #expect(try Self.plan(Self.desired, connection).isEmpty)
    }

    /// A writer that dies before COMMIT leaves nothing: its connection ends, the database drops the
    /// transaction (the process-level kill -9 is `killedMidApplyLeavesTheDatabaseAsBefore`).
    @Test(arguments: dialects)
    func anApplyThatNeverCommitsLeavesTheStateBefore(_ dialect: SQLDialect) throws {
        let (database, connection) = try Self.migrated(dialect)
        try Self.reconcile(Self.desired, connection)
        let before = try StateReader(connection: connection).read()

        let writer = try database.connect()
        try writer.execute(writer.beginStatement(immediate: true))
        let applier = writer.makeApplier()
        try applier.lock()
        var edited = Self.desired
        edited.routes.removeAll()
        edited.tenants[1].name = "renamed"
        try applier.apply(try Self.plan(edited, writer), values: RowValues(secrets: ResolvedSecrets()), revision: "r2")
        writer.close()

        #expect(try StateReader(connection: connection).read() == before)
        #expect(try Self.plan(Self.desired, connection).isEmpty)
    }
}
