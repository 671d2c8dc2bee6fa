import Testing
import SwitchboardModel
import SwitchboardPlan
@testable import SwitchboardStore

/// Both drivers make and write each step in pieces (16,384 changes; PostgreSQL streams a step's
/// pieces into one COPY): in pieces of one change, creates, updates and deletes of every kind read
/// back as declared, and ownership follows them.
struct ApplyInPiecesTests {
    static func applier(_ connection: any DatabaseConnection, pieceSize: Int) throws -> any PlanApplier {
        if let sqlite = connection as? SQLiteConnection { return SQLiteApplier(connection: sqlite, pieceSize: pieceSize) }
        return PostgresApplier(connection: try #require(connection as? PostgresConnection), pieceSize: pieceSize)
    }

    @Test(arguments: ApplyConformanceTests.dialects)
    func aPlanWrittenInPiecesOfOneChangeReadsBackAsDeclared(_ dialect: SQLDialect) throws {
        let (_, connection) = try ApplyConformanceTests.migrated(dialect)
        @discardableResult
        func apply(_ desired: DesiredState) throws -> Plan {
            try connection.transaction {
                let plan = try ApplyConformanceTests.plan(desired, connection)
                try Self.applier(connection, pieceSize: 1).apply(plan, values: RowValues(secrets: ResolvedSecrets()), revision: "r1")
                return plan
            }
        }
        func route(_ number: Int, tenant: Int64 = 42) -> Route {
            Route(key: RouteKey(channel: .vocal, key: "+3310000\(1000 + number)"), tenantID: tenant)
        }
        var desired = ApplyConformanceTests.desired
        desired.routes += (0..<6).map { route($0) }
        #expect(try apply(desired).count(of: .create) == 13)

        var edited = desired
        edited.tenants[1].name = "Acme Renamed"
        edited.routes[3] = route(0, tenant: 1)
        edited.routes[4] = route(1, tenant: 1)
        edited.routes.removeLast(3)
        edited.routes += [route(7), route(8)]
        edited.sipAccounts[0].contactPort = 5062
        edited.channelConfigurations[0].isEnabled = false
        let plan = try apply(edited)
        #expect((plan.count(of: .create), plan.count(of: .update), plan.count(of: .delete)) == (2, 5, 3))

        let state = try StateReader(connection: connection).read()
        #expect(state.tenants.sorted { $0.id < $1.id } == edited.tenants)
        #expect(state.routes.sorted { $0.key < $1.key } == edited.routes.sorted { $0.key < $1.key })
        #expect(state.sipAccounts == edited.sipAccounts)
        #expect(state.channelConfigurations.map(\.isEnabled) == [false])
        let declared = edited.tenants.map(\.managedKey) + edited.routes.map(\.managedKey) + edited.sipAccounts.map(\.managedKey)
            + edited.channelConfigurations.map(\.managedKey)
        #expect(state.managed == Set(declared))
        #expect(try ApplyConformanceTests.plan(edited, connection).isEmpty)
    }

    /// SQLite writes 64 rows per INSERT: 150 routes take two full statements and one of 22, created
    /// and then all updated (each row's ON CONFLICT in a statement of many). Their ownership spans
    /// more buckets than PostgreSQL copies in one piece (128).
    @Test(arguments: ApplyConformanceTests.dialects)
    func stepsOfManyRowsAreWrittenAndUpdatedInFull(_ dialect: SQLDialect) throws {
        let (_, connection) = try ApplyConformanceTests.migrated(dialect)
        func apply(_ desired: DesiredState) throws -> Plan {
            try connection.transaction {
                let plan = try ApplyConformanceTests.plan(desired, connection)
                try connection.makeApplier().apply(plan, values: RowValues(secrets: ResolvedSecrets()), revision: "r1")
                return plan
            }
        }
        var desired = ApplyConformanceTests.desired
        desired.routes = (0..<150).map { Route(key: RouteKey(channel: .vocal, key: "+3310000\(2000 + $0)"), tenantID: 42) }
        #expect(try apply(desired).count(of: .create) == 154)
        desired.routes = desired.routes.map { Route(key: $0.key, tenantID: 1, isActive: false) }
        #expect(try apply(desired).count(of: .update) == 150)
        #expect(Int(try connection.scalar("SELECT count(*) FROM switchboard_ownership WHERE kind = 'routes'") ?? "") ?? 0 > 128)

        let state = try StateReader(connection: connection).read()
        #expect(state.routes.sorted { $0.key < $1.key } == desired.routes.sorted { $0.key < $1.key })
        #expect(try ApplyConformanceTests.plan(desired, connection).isEmpty)
    }

    /// A piece that cannot be made in the middle of a COPY fails the apply: nothing of the COPY
    /// stays, and the connection answers the next query (the ROLLBACK ends the COPY).
    @Test func aPieceThatFailsInTheMiddleOfACopyLeavesTheConnectionUsable() throws {
        let (_, connection) = try ApplyConformanceTests.migrated(.postgres)
        let postgres = try #require(connection as? PostgresConnection)
        struct Unmade: Error {}
        var pieces = 0
        #expect(throws: Unmade.self) {
            try connection.transaction {
                try postgres.copy(into: "tenants", columns: ["id", "slug", "name"]) {
                    pieces += 1
                    guard pieces == 1 else { throw Unmade() }
                    return [[.integer(7), .text("seven"), .text("Seven")]]
                }
            }
        }
        var count: Int64 = -1
        try connection.query("SELECT count(*) FROM tenants", []) { count = $0.integer(0) ?? -1 }
        #expect(count == 0)
    }
}
