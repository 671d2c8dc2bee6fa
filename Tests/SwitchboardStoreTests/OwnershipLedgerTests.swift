import Testing
import SwitchboardModel
@testable import SwitchboardStore
import SwitchboardTestSupport

/// The ledger takes a bucket's keys as the driver prepared them beside the writes
/// (`OwnershipChange.preparingStored`) only when the bucket held nothing: a key already recorded
/// in the bucket stays, and a bucket that loses a key is written from what is left.
struct OwnershipLedgerTests {
    @Test(arguments: [SQLDialect.postgres, .sqlite])
    func preparedKeysServeOnlyBucketsThatHeldNothing(_ dialect: SQLDialect) throws {
        let connection = try TestDatabase.make(dialect).connect()
        try Migrator(connection: connection).migrate()
        // The dialect's own form of a bucket's keys, as its applier prepares them.
        let stored: @Sendable ([String]) -> String
        if dialect == .sqlite {
            stored = { (keys: [String]) in SQLiteConnection.jsonArray(keys) }
        } else {
            stored = { (keys: [String]) in PostgresConnection.arrayLiteral(keys) }
        }
        func record(added: [ManagedKey], removed: [ManagedKey] = []) throws {
            let change = OwnershipChange(added: added, removed: removed, refreshed: [], facts: []).preparingStored(stored)
            try connection.transaction { try OwnershipLedger(connection: connection).record(change, revision: "r") }
        }
        // Three routes of one bucket, and one of another.
        let first = ManagedKey(kind: .routes, key: "vocal:+33100000000")
        let neighbours = (1...200_000).lazy.map { ManagedKey(kind: .routes, key: "vocal:+331\(10_000_000 + $0)") }
            .filter { $0.bucket == first.bucket }.prefix(2)
        let (second, third) = (neighbours.first!, neighbours.last!)
        let elsewhere = ManagedKey(kind: .routes, key: "web:key-elsewhere")
        #expect(elsewhere.bucket != first.bucket)

        try record(added: [first, elsewhere])
        #expect(try StateReader(connection: connection).read().managed == [first, elsewhere])
        // The bucket holds `first`: the key prepared for `second` alone must not replace it.
        try record(added: [second])
        #expect(try StateReader(connection: connection).read().managed == [first, second, elsewhere])
        // A removal beside an addition: written from what is left.
        try record(added: [third], removed: [first])
        #expect(try StateReader(connection: connection).read().managed == [second, third, elsewhere])
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_ownership") == "2")
    }
}
