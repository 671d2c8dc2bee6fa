/// One leader among daemon replicas (DESIGN §5): held while the process lives, released by the
/// database or the kernel when it dies. Each driver has its own (`Postgres/`: a session advisory
/// lock on a connection of its own; `SQLite/`: an exclusive `flock` beside the database file).
/// Not thread-safe: used from one queue (the daemon's worker).
public protocol LeaderLock: AnyObject, Sendable {
    /// Takes the lock if free, or checks it is still held. Returns whether this process leads;
    /// throws when the database cannot be reached (then it does not lead).
    func poll() throws -> Bool
    func release()
}

extension Database {
    /// The leader lock of a target's driver.
    public static func leaderLock(for target: DatabaseTarget) -> any LeaderLock {
        switch target {
        case .postgres: PostgresLeaderLock(target: target)
        case .sqlite(let path): SQLiteLeaderLock(lockFile: path + ".leader")
        }
    }
}
