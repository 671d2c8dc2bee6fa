import Foundation
import Testing
import SwitchboardModel
@testable import SwitchboardStore
import SwitchboardTestSupport

/// Migration 4 (compact ownership) on a database an older switchboard managed: every record of
/// the per-row `switchboard_managed` and its facts survive in the buckets, and the view still
/// answers one row per managed row, on both drivers.
struct OwnershipMigrationTests {
    @Test(arguments: [SQLDialect.postgres, .sqlite])
    func recordsOfMigrationThreeMoveIntoBuckets(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        #expect(try Migrator(connection: connection, through: 3).migrate().map(\.version) == [1, 2, 3])
        let p = dialect == .sqlite ? "?" : "$"
        // Odd keys (quotes, a comma, a backslash…), two keys sharing a bucket, facts on some, two revisions.
        let oddKey = #"web:widget,"key"\'42"#
        let records: [(kind: String, key: String, revision: String?, protected: Bool, refs: String?)] = [
            ("tenants", "42", "r1", true, nil), ("routes", "vocal:+33100000042", "r1", false, nil),
            ("routes", "vocal:+33190001987", "r2", true, nil), ("routes", oddKey, nil, false, nil),
            ("channels", "42:email", "r2", false, #"{"smtp.password":"env:SMTP_PASSWORD"}"#), ("sipAccounts", "Trunk A", "r1", false, nil),
            // What an array or JSON literal must quote or escape: the word NULL, braces, a tab, non-ASCII.
            ("routes", "web:NULL", "r2", false, nil), ("routes", "web:{clé}\tx", "r2", false, nil),
            ("routes", "web:😀 \u{1}", "r2", false, nil), ("workflowBindings", "", nil, false, nil),
        ]
        for record in records {
            try connection.run("INSERT INTO switchboard_managed (kind, key, revision, protected, secret_refs) VALUES (\(p)1, \(p)2, \(p)3, \(p)4, \(p)5)",
                               [.text(record.kind), .text(record.key), SQLValue(record.revision), .bool(record.protected), SQLValue(record.refs)])
        }
        let before = try StateReader(connection: connection).read()
        #expect(before.managed.count == records.count)
        #expect(before.rowFacts.count == 3)

        #expect(try Migrator(connection: connection).migrate().map(\.version) == [4, 5])

        let after = try StateReader(connection: connection).read()
        #expect(after.managed == before.managed)
        #expect(after.rowFacts == before.rowFacts)
        let buckets = Set(records.map { ManagedKey(kind: ResourceKind(rawValue: $0.kind)!, key: $0.key).bucket })
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_ownership") == String(buckets.count))
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_row_facts") == "3")
        #expect(try connection.scalar("SELECT revision FROM switchboard_managed WHERE key = 'Trunk A'") == "r1")
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_managed WHERE key = \(p)1", [.text(oddKey)]) == "1")
        #expect(!(try connection.tableExists("switchboard_managed_records")))

        // The next apply's ledger finds them: releasing one leaves its bucket neighbour and drops its facts.
        try connection.transaction {
            try OwnershipLedger(connection: connection).record(added: [], removed: [ManagedKey(kind: .routes, key: "vocal:+33100000042")],
                                                               facts: [], revision: "r3")
        }
        let released = try StateReader(connection: connection).read()
        #expect(released.managed == before.managed.subtracting([ManagedKey(kind: .routes, key: "vocal:+33100000042")]))
        #expect(released.rowFacts[ManagedKey(kind: .routes, key: "vocal:+33190001987")] == RowFacts(isProtected: true))
    }
}
