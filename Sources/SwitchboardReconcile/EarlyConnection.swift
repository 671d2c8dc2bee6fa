import Foundation
import SwitchboardModel
import SwitchboardPlan
import SwitchboardStore

/// An apply's connection, opened while the files are parsed (a reconcile from the command line),
/// and its transaction begun there when nothing waits for the files' verdict: the lock taken and
/// the state read and decrypted. After the load, these took a quarter of a reconcile with nothing
/// to change (100,000 routes: 0.13 of 0.49 s; a million: 1.4 of 4.9 s). Handed from its thread to
/// the run's once (`BackgroundValue.value()` waits for it), hence unchecked.
final class EarlyConnection: @unchecked Sendable {
    private let connection: any DatabaseConnection
    /// The transaction was begun here, under the lock.
    let isBegun: Bool
    /// The state read in it (and decrypted), until the run takes it.
    private var state: (actual: ActualState, decrypted: ActualState?)?
    /// Set when the run takes the connection: from then on it is the run's to commit and close.
    private var taken = false

    private init(connection: any DatabaseConnection, state: (actual: ActualState, decrypted: ActualState?)?) {
        self.connection = connection
        self.state = state
        isBegun = state != nil
    }

    /// Connects, and begins the apply when nothing has to wait for the files' verdict: not while
    /// another run holds the lock (waited for after the load, as before: invalid files are said at
    /// once), nor when migrations are to alter tables (invalid files change nothing, and they would
    /// lock the platform's tables while the files are read). A database without any table is
    /// migrated here, in the apply's transaction: invalid files roll the migrations back with it.
    /// nil: an SQLite file to create, after the load.
    /// - Parameters:
    ///   - migrate: pending migrations may be applied (`--no-migrate` says no).
    ///   - read: the state (and its settings decrypted, if they can be), read under the lock.
    static func open(target: DatabaseTarget, migrate: Bool,
                     read: (any DatabaseConnection) throws -> (actual: ActualState, decrypted: ActualState?)) throws -> EarlyConnection? {
        if case .sqlite(let path) = target, !FileManager.default.fileExists(atPath: path) { return nil }
        let connection = try Database.connect(target)
        do {
            let migrator = Migrator(connection: connection)
            let applier = connection.makeApplier()
            let begun = try migrator.pending().isEmpty
                ? applier.beginIfFree()
                : migrate && migrator.beginAndMigrateIfNoTable(with: applier)
            return EarlyConnection(connection: connection, state: begun ? try read(connection) : nil)
        } catch {
            connection.close()
            throw error
        }
    }

    /// The connection, now the run's.
    func take() -> any DatabaseConnection {
        taken = true
        return connection
    }

    /// The state read under the lock (and decrypted) when the transaction was begun here, moved
    /// out: the caller alone holds it then.
    func takeState() -> (actual: ActualState, decrypted: ActualState?)? {
        defer { state = nil }
        return state
    }

    /// Rolls back and closes, if the run ended before taking the connection (invalid files, a
    /// missing secret): nothing was written, and the lock is free again.
    static func abandon(_ early: BackgroundValue<EarlyConnection?>) {
        guard let opened = try? early.value(), !opened.taken else { return }
        if opened.isBegun { try? opened.connection.execute("ROLLBACK") }
        opened.connection.close()
    }
}
