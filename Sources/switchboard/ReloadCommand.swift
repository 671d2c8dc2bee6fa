import ArgumentParser
import SwitchboardModel
import SwitchboardReconcile
import SwitchboardStore

/// `switchboard reload`: fires the SIP reload hooks now, which also delivers a pending reload.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Fire the SIP reload hooks now (delivers a reload left pending by a failed hook).",
        discussion: "Exit status: 0 delivered, 1 a hook failed (the reload stays pending) or none is configured.")

    @OptionGroup var source: SourceOptions
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var targetOptions: TargetOptions

    func run() async throws {
        let (shared, diagnostics, directory) = source.resolve()
        // A target's reload goes to its own SIP manager.
        let (database, settings) = try reportingFailures { try targetOptions.database(databaseOptions, settings: shared) }
        let hooks = settings.sipReload
        if diagnostics.hasErrors || (hooks.notifyChannel == nil && hooks.http == nil && hooks.command == nil) {
            Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
            if !diagnostics.hasErrors { Terminal.writeError("error: no SIP reload hook configured (hooks.sipReload in switchboard.yaml)\n") }
            throw ExitCode.failure
        }
        var payload = ReloadPayload(manualWithRevision: SourceDigest.gitRevision(of: directory), accounts: [], bindings: [])
        var pending = 0
        try withDatabase(source: source, databaseOptions: databaseOptions, targetOptions: targetOptions) { connection, _ in
            pending = try ReloadLedger(connection: connection).pendingCount()
            // What the SIP manager will reload: the accounts and bindings the database holds now.
            let actual = try StateReader(connection: connection).read()
            payload = ReloadPayload(manualWithRevision: payload.revision, accounts: actual.sipAccounts, bindings: actual.workflowBindings)
            if let channel = hooks.notifyChannel {
                if try connection.makeApplier().notify(channel: channel, payload: payload.json) {
                    Terminal.writeError("SIP reload: NOTIFY \(channel) sent\n")
                } else {
                    Terminal.writeError("SIP reload: hooks.sipReload.notify needs PostgreSQL (LISTEN/NOTIFY); \(connection.targetDescription) has none: not sent\n")
                }
            }
        }
        let runner = ReloadHooks(hooks: hooks)
        guard runner.runsAfterCommit else { return }
        let report = try await ReloadDelivery(target: database, hooks: runner).deliver(payload)
        for outcome in report.outcomes { Terminal.writeError("SIP reload: \(outcome)\n") }
        guard report.delivered else {
            Terminal.writeError("error: the SIP reload failed; \(pending == 0 ? "nothing was pending" : "\(pending) pending reload(s) stay pending")\n")
            throw ExitCode.failure
        }
        Terminal.write(pending == 0 ? "SIP reload delivered.\n" : "SIP reload delivered; \(pending) pending reload(s) cleared.\n")
    }
}
