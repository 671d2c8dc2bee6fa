/// Pending SIP reloads, in `switchboard_runs.reload_pending`: set in the apply transaction when a
/// hook must run after commit, cleared once one has run. A crash between commit and the hook
/// leaves it pending: a reload is never silently dropped.
public struct ReloadLedger {
    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    public func pendingCount() throws -> Int {
        guard try connection.tableExists("switchboard_runs") else { return 0 }
        return Int(try connection.scalar("SELECT count(*) FROM switchboard_runs WHERE reload_pending = \(connection.literal(true))") ?? "0") ?? 0
    }

    /// One successful reload reloads every account: all pending runs are delivered by it.
    public func markDelivered() throws {
        try connection.run("UPDATE switchboard_runs SET reload_pending = \(connection.literal(false)) WHERE reload_pending = \(connection.literal(true))")
    }
}
