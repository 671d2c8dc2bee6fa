/// Pending SIP reloads, in `switchboard_runs.reload_pending`: set in the apply transaction when a
/// hook must run after commit, cleared once one has run. A crash between commit and the hook
/// leaves it pending: a reload is never silently dropped.
public struct ReloadLedger {
    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    public func pendingCount() throws -> Int {
        guard try SchemaInspector(connection: connection).tableExists("switchboard_runs") else { return 0 }
        let truth = connection.dialect == .postgres ? "true" : "1"
        return Int(try connection.scalar("SELECT count(*) FROM switchboard_runs WHERE reload_pending = \(truth)") ?? "0") ?? 0
    }

    /// One successful reload reloads every account: all pending runs are delivered by it.
    public func markDelivered() throws {
        let (truth, falsity) = connection.dialect == .postgres ? ("true", "false") : ("1", "0")
        try connection.run("UPDATE switchboard_runs SET reload_pending = \(falsity) WHERE reload_pending = \(truth)")
    }
}
