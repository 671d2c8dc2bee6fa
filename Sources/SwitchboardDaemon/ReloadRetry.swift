import Logging
import SwitchboardModel
import SwitchboardReconcile
import SwitchboardStore

/// The SIP manager's reload, from the daemon: delivered after each apply that changed trunks, and a
/// reload left pending (by a failed hook here or in a CLI reconcile) delivered again after each run.
/// A reload is never silently dropped: the ledger in the database says what is pending.
struct ReloadRetry: Sendable {
    let target: DatabaseTarget
    let hooks: ReloadHooks
    let logger: Logger

    var isConfigured: Bool { hooks.runsAfterCommit }

    /// Runs the after-commit hooks; true when they all got through (the pending ones are cleared then).
    func deliver(_ payload: ReloadPayload) async -> Bool {
        guard hooks.runsAfterCommit else { return false }
        do {
            let report = try await ReloadDelivery(target: target, hooks: hooks).deliver(payload)
            for outcome in report.outcomes { logger.info("SIP reload: \(outcome)") }
            if !report.delivered { logger.error("SIP reload failed: recorded as pending, retried on the next cycle") }
            return report.delivered
        } catch {
            logger.error("SIP reload: \(error)")
            return false
        }
    }

    /// How many reloads the database records as pending (blocking: call it on the worker).
    func pendingCount() throws -> Int {
        let connection = try Database.connect(target)
        defer { connection.close() }
        return try ReloadLedger(connection: connection).pendingCount()
    }
}
