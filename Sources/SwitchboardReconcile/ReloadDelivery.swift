import Foundation
import SwitchboardModel
import SwitchboardStore

/// Runs the after-commit reload hooks and, when they all succeed, clears the pending reloads in
/// the database. When one fails, the reload stays pending for `switchboard reload` or the daemon.
public struct ReloadDelivery {
    public struct Report: Sendable {
        public var outcomes: [ReloadHooks.Outcome]
        public var delivered: Bool
        /// Pending reloads cleared by this delivery.
        public var cleared: Int
    }

    let target: DatabaseTarget
    let hooks: ReloadHooks

    public init(target: DatabaseTarget, hooks: ReloadHooks) {
        self.target = target
        self.hooks = hooks
    }

    public func deliver(_ payload: ReloadPayload) async throws -> Report {
        let outcomes = await hooks.deliver(payload)
        guard outcomes.allSatisfy(\.succeeded) else { return Report(outcomes: outcomes, delivered: false, cleared: 0) }
        let connection = try Database.connect(target)
        defer { connection.close() }
        let ledger = ReloadLedger(connection: connection)
        let pending = try ledger.pendingCount()
        try ledger.markDelivered()
        return Report(outcomes: outcomes, delivered: true, cleared: pending)
    }
}
