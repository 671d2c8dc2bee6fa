import ArgumentParser
import Foundation
import SwitchboardCheck
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile
import SwitchboardStore

extension RiskCode: ExpressibleByArgument {}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Options shared by `plan` and `reconcile`.
struct PlanOptions: ParsableArguments {
    @Option(help: "Plan output: text, json (for tools) or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when changes are pending, 0 when there are none (with --dry-run / plan).")
    var detailedExitcode = false

    @Option(help: ArgumentHelp("Save the plan, to apply exactly it later with `reconcile --plan FILE`.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Also write the whole plan as markdown (no size limit), for a job summary or an artifact.", valueName: "file"))
    var outMarkdown: String?

    @Option(help: ArgumentHelp("Also write the whole plan as text (every row).", valueName: "file"))
    var outText: String?

    @Flag(help: "Show every row of the text plan (by default a kind shows its first 100 rows and counts the rest).")
    var verbose = false

    @Option(help: ArgumentHelp("How plans name the database instead of its URL (a pull-request comment need not show a host), e.g. production.", valueName: "name"))
    var databaseName: String?

    @Flag(help: "Let the plan delete more than guard.maxDeletes allows, or run with no tenant in the files.")
    var allowDeletes = false

    @Option(name: .customLong("allow"), help: ArgumentHelp(
        "Allow a risk the policy refuses, for this run (repeatable): \(RiskCode.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "code"))
    var allowedRisks: [RiskCode] = []

    @Flag(help: "Let the plan delete, move or deactivate rows marked protect: true.")
    var allowProtected = false

    @Flag(help: "Print how long each phase took (load, read, plan, write, commit) on standard error.")
    var timings = false

    @Option(help: ArgumentHelp("File holding the key (base64 of 32 bytes) that encrypts channel settings; default: SWITCHBOARD_ENCRYPTION_KEY.", valueName: "file"))
    var encryptionKeyFile: String?

    @Flag(help: "Refuse to run without a key, instead of creating switchboard.key beside a local SQLite database.")
    var requireKey = false

    @Flag(name: [.short, .long], help: "Print no plan and no progress: only errors and warnings (the exit status says the rest).")
    var quiet = false

    @Flag(help: "Check the SIP accounts and channels the plan creates or changes against the live services, and show each result beside its row (always on for reconcile with gate: {checks: required}).")
    var check = false

    @OptionGroup(title: "Checks (--check)") var checkOptions: CheckOptions
}

/// `switchboard plan`: what `reconcile` would change. Reads the database, writes nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what reconcile would change (the same as reconcile --dry-run).",
        discussion: "Exit status: 0 (with --detailed-exitcode: no change), 1 error, 2 changes pending (--detailed-exitcode), 3 refused (the guard, the policy, a required check), 4 a check failed (--check).")

    @OptionGroup var source: SourceOptions
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var targetOptions: TargetOptions
    @OptionGroup var planOptions: PlanOptions

    func run() async throws {
        try await runReconcile(source: source, databaseOptions: databaseOptions, targetOptions: targetOptions,
                               planOptions: planOptions, dryRun: true, migrate: false, savedPlanPath: nil)
    }
}

/// `switchboard reconcile`: brings the database in line with the files, in one transaction.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Apply the files to the database: migrations, then every change in one transaction.",
        discussion: "Exit status: 0 applied or nothing to do, 1 error (nothing applied), 2 changes pending (--dry-run --detailed-exitcode), 3 refused: the guard, the policy or a required check (nothing applied), 4 applied, but a check failed (--check).")

    @OptionGroup var source: SourceOptions
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var targetOptions: TargetOptions
    @OptionGroup var planOptions: PlanOptions

    @Flag(help: "Plan only: read the database, write nothing (the same as `switchboard plan`).")
    var dryRun = false

    @Flag(help: "Do not run pending schema migrations (fail if there are any).")
    var noMigrate = false

    @Option(help: ArgumentHelp("Apply exactly this saved plan (from --dry-run --out); refused if anything changed since.", valueName: "file"))
    var plan: String?

    func run() async throws {
        try await runReconcile(source: source, databaseOptions: databaseOptions, targetOptions: targetOptions,
                               planOptions: planOptions, dryRun: dryRun, migrate: !noMigrate, savedPlanPath: plan)
    }
}

private func runReconcile(source: SourceOptions, databaseOptions: DatabaseOptions, targetOptions: TargetOptions,
                          planOptions: PlanOptions, dryRun: Bool, migrate: Bool, savedPlanPath: String?) async throws {
    let (settings, settingsDiagnostics, directory) = source.resolve()
    let colour = Terminal.usesColour(.standardError)
    func report(_ diagnostics: [Diagnostic]) {
        Terminal.writeError(diagnostics.map { Terminal.line(for: $0, colour: colour) + "\n" }.joined())
    }
    if settingsDiagnostics.hasErrors {
        report(settingsDiagnostics)
        throw ExitCode.failure
    }
    let targets = try reportingFailures { try targetOptions.selected(from: settings) }
    if !targets.isEmpty {
        report(settingsDiagnostics)
        try await TargetsRun(directory: directory, settings: settings, targets: targets, databaseOptions: databaseOptions,
                             planOptions: planOptions, dryRun: dryRun, migrate: migrate, savedPlanPath: savedPlanPath).run()
        return
    }
    let target = try reportingFailures { try databaseOptions.target(settings: settings) }
    let progress = Progress(enabled: Terminal.isTerminal(.standardError) && !planOptions.quiet)
    let render = { @Sendable (plan: Plan, header: PlanHeader, checks: [CheckResult]) -> String in
        var header = header
        if let name = planOptions.databaseName { header.database = name }
        if planOptions.quiet { return "" }
        return switch planOptions.format {
        case .text: TextPlanRenderer.render(plan, header: header, verbose: planOptions.verbose, checks: checks,
                                            colour: Terminal.usesColour(.standardOutput))
        case .json: JSONPlanRenderer.render(plan, header: header, checks: checks)
        case .markdown: MarkdownPlanRenderer.render(plan, header: header, checks: checks)
        }
    }
    // A required gate checks every apply; a plan checks only when asked (a pull request's plan job
    // has neither the secrets nor the network reach the checks need).
    let checks = planOptions.check || (settings.gate.checksRequired && !dryRun)
        ? try reportingFailures { try planOptions.checkOptions.runner(settings: settings) }
        : nil
    let result: Reconciler.Result = try reportingFailures {
        var options = planOptions.reconcilerOptions(directory: directory, settings: settings, target: target, dryRun: dryRun, migrate: migrate)
        options.savedPlan = try savedPlanPath.map(SavedPlan.read(from:))
        options.progress = { progress.show($0) }
        options.checks = checks
        // The plan is shown before it is written: an operator sees what is being applied.
        options.willApply = { plan, header, checks in
            progress.clear()
            Terminal.write(render(plan, header, checks))
            if planOptions.format == .text, !planOptions.quiet { Terminal.write("Applying… ") }
        }
        defer { progress.clear() }
        return try Reconciler(options: options).run()
    }
    defer { BackgroundRelease.drop(result) }

    report(settingsDiagnostics + result.warnings + result.plan.warnings)
    for notice in result.notices { Terminal.writeError("switchboard: \(notice)\n") }
    let renderStarted = Date()
    if !result.applied { Terminal.write(render(result.plan, result.header, result.checks)) }
    var header = result.header
    if let name = planOptions.databaseName { header.database = name }
    if let path = planOptions.outMarkdown {
        try write(MarkdownPlanRenderer.render(result.plan, header: header, budget: nil, checks: result.checks), to: path)
    }
    if let path = planOptions.outText {
        try write(TextPlanRenderer.render(result.plan, header: header, verbose: true, checks: result.checks), to: path)
    }
    if let out = planOptions.out, let saved = result.savedPlan {
        try saved.write(to: out)
        Terminal.writeError("Saved the plan to \(out): apply it with `switchboard reconcile --plan \(out)`.\n")
    }
    if planOptions.timings {
        let phases = result.phases.map { String(format: "%@ %.3f s", $0.name, $0.seconds) }.joined(separator: ", ")
        let total = String(format: "%.3f", result.seconds)
        Terminal.writeError("timings: \(phases); render \(String(format: "%.3f", -renderStarted.timeIntervalSinceNow)) s; total \(total) s\n")
    }
    if result.plan.refusal != nil { throw ExitCode(3) }
    if result.applied, planOptions.format == .text, !planOptions.quiet {
        Terminal.write(String(format: "done in %.2f s.\n", result.seconds))
    }
    if result.applied, let payload = result.reload {
        try await deliverReload(payload, notified: result.notified, settings: settings, target: target)
    }
    if result.checks.contains(where: { !$0.isOK }) {
        Terminal.writeError("switchboard: \(CheckRenderer.summary(result.checks)) (exit status 4)\n")
        throw ExitCode(4)
    }
    if dryRun, planOptions.detailedExitcode, !result.plan.isEmpty { throw ExitCode(2) }
}

extension PlanOptions {
    /// What the flags ask of one reconcile (of the one database, or of one target).
    func reconcilerOptions(directory: String, settings: Settings, target: DatabaseTarget, dryRun: Bool, migrate: Bool) -> Reconciler.Options {
        var options = Reconciler.Options(directory: directory, settings: settings, target: target)
        options.dryRun = dryRun
        options.allowDeletes = allowDeletes
        options.allowedRisks = Set(allowedRisks)
        options.allowProtected = allowProtected
        options.migrate = migrate
        options.wantsSavedPlan = out != nil
        options.encryptionKeyFile = encryptionKeyFile
        options.requireKey = requireKey
        return options
    }
}

/// Writes a whole plan to a file (`--out-markdown`, `--out-text`).
func write(_ text: String, to path: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
        Terminal.writeError("error: cannot write \(path): \(error.localizedDescription)\n")
        throw ExitCode.failure
    }
}

/// After a commit that changed trunks: say what happened to NOTIFY, run the HTTP and command hooks,
/// and fail loudly (exit 1) if they did not get through: the reload stays pending in the database.
func deliverReload(_ payload: ReloadPayload, notified: Bool?, settings: Settings, target: DatabaseTarget) async throws {
    switch notified {
    case true?: Terminal.writeError("SIP reload: NOTIFY \(settings.sipReload.notifyChannel ?? "") sent with the commit\n")
    case false?: Terminal.writeError("SIP reload: hooks.sipReload.notify needs PostgreSQL (LISTEN/NOTIFY); \(target) has none: not sent\n")
    case nil: break
    }
    let hooks = ReloadHooks(hooks: settings.sipReload)
    guard hooks.runsAfterCommit else {
        if notified == nil { Terminal.writeError("SIP reload: no hook configured (hooks.sipReload in switchboard.yaml): reload the SIP manager yourself\n") }
        return
    }
    let report: ReloadDelivery.Report
    do {
        report = try await ReloadDelivery(target: target, hooks: hooks).deliver(payload)
    } catch {
        Terminal.writeError("error: the changes are committed, but the SIP reload could not be recorded as delivered: \(error); run `switchboard reload`\n")
        throw ExitCode.failure
    }
    for outcome in report.outcomes { Terminal.writeError("SIP reload: \(outcome)\n") }
    guard report.delivered else {
        Terminal.writeError("error: the changes are committed, but the SIP reload failed: it is recorded as pending; run `switchboard reload` once the SIP manager is reachable (the daemon retries it)\n")
        throw ExitCode.failure
    }
}
