import Foundation
import SwitchboardStore

/// One leader among replicas (DESIGN §5). PostgreSQL: a session advisory lock held on a connection
/// of its own, released by the server when that connection dies (the leader killed, the network
/// gone); SQLite: an exclusive `flock` on a lock file beside the database, released by the kernel
/// when the process dies. Standbys call `poll()` until they get it.
///
/// Not thread-safe: used from the daemon's worker queue only.
final class LeaderLock: @unchecked Sendable {
    /// Not the apply lock (`PostgresApplier.lockKey`): a leader still takes that one for each apply,
    /// so a CLI reconcile and the daemon never write at once.
    static let postgresKey: Int64 = PostgresApplier.lockKey + 1

    private let target: DatabaseTarget
    private var connection: PostgresConnection?
    private var lockFile: Int32 = -1
    private(set) var isLeader = false

    init(target: DatabaseTarget) { self.target = target }

    /// Takes the lock if free, or checks that it is still held. Returns whether this process leads;
    /// throws when the database cannot be reached (then it does not lead).
    func poll() throws -> Bool {
        switch target {
        case .postgres: try pollPostgres()
        case .sqlite(let path): pollFile(path + ".leader")
        }
        return isLeader
    }

    func release() {
        connection?.close()
        connection = nil
        if lockFile >= 0 { close(lockFile) }
        lockFile = -1
        isLeader = false
    }

    private func pollPostgres() throws {
        do {
            if connection == nil {
                connection = try PostgresConnection(target)
                isLeader = false
            }
            if isLeader {
                // Still connected means still holding it; a dead connection throws.
                _ = try connection!.scalar("SELECT 1")
            } else {
                isLeader = try connection!.scalar("SELECT pg_try_advisory_lock($1)", [.integer(Self.postgresKey)]) == "t"
            }
        } catch {
            release()
            throw error
        }
    }

    private func pollFile(_ path: String) {
        guard !isLeader else { return }
        if lockFile < 0 { lockFile = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        isLeader = lockFile >= 0 && flock(lockFile, LOCK_EX | LOCK_NB) == 0
    }
}
