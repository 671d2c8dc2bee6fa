/// A session advisory lock held on a connection of its own: the server releases it when that
/// connection dies (the leader killed, the network gone).
final class PostgresLeaderLock: LeaderLock, @unchecked Sendable {
    /// Not the apply lock (`PostgresApplier.lockKey`): a leader still takes that one for each apply,
    /// so a CLI reconcile and the daemon never write at once.
    static let key: Int64 = PostgresApplier.lockKey + 1

    private let target: DatabaseTarget
    private var connection: PostgresConnection?
    private var isLeader = false

    init(target: DatabaseTarget) { self.target = target }

    func poll() throws -> Bool {
        do {
            if connection == nil {
                connection = try PostgresConnection(target)
                isLeader = false
            }
            if isLeader {
                // Still connected means still holding it; a dead connection throws.
                _ = try connection!.scalar("SELECT 1")
            } else {
                isLeader = try connection!.scalar("SELECT pg_try_advisory_lock($1)", [.integer(Self.key)]) == "t"
            }
            return isLeader
        } catch {
            release()
            throw error
        }
    }

    func release() {
        connection?.close()
        connection = nil
        isLeader = false
    }
}
