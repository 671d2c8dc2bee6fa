import ArgumentParser
import Foundation
import SwitchboardCheck
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile
import SwitchboardStore

/// `plan` and `reconcile` over `targets:` (DESIGN §9): the files read once, every target planned
/// side by side, or applied wave by wave; a section per target, then the total. Exit status as for
/// one database, over all of them: 1 if a target failed, 3 if one was refused, 4 if a check failed,
/// 2 (`--detailed-exitcode`) if any target has changes.
struct TargetsRun {
    let directory: String
    let settings: Settings
    let targets: [Target]
    let databaseOptions: DatabaseOptions
    let planOptions: PlanOptions
    let dryRun: Bool
    let migrate: Bool
    let savedPlanPath: String?

    func run() async throws {
        if targets.count > 1, planOptions.out != nil || savedPlanPath != nil {
            throw reported("error: \(savedPlanPath != nil ? "--plan" : "--out"): a saved plan is one target's: name it with --target")
        }
        // Every database first: a target whose URL is missing stops the run before any apply.
        let databases = try reportingFailures {
            Dictionary(uniqueKeysWithValues: try targets.map { ($0.name, try databaseOptions.database(of: $0)) })
        }
        let load = try reportingFailures {
            try DirectoryLoader.load(directory: directory, options: LoadOptions(settings: settings, directory: directory))
        }
        let colour = Terminal.usesColour(.standardError)
        Terminal.writeError(load.diagnostics.map { Terminal.line(for: $0, colour: colour) + "\n" }.joined())
        guard load.isValid else {
            Terminal.writeError("error: \(plural(load.diagnostics.count(where: \.isError), "error")) in the files; nothing applied\n")
            throw ExitCode.failure
        }
        let checks = planOptions.check || (settings.gate.checksRequired && !dryRun)
            ? try reportingFailures { try planOptions.checkOptions.runner(settings: settings) }
            : nil
        let savedPlan = try reportingFailures { try savedPlanPath.map(SavedPlan.read(from:)) }
        let (flags, folder, shared, planOnly, migrates) = (planOptions, directory, settings, dryRun, migrate)
        let waves = TargetWaves(targets: targets) { target in
            var options = flags.reconcilerOptions(directory: folder, settings: target.settings(from: shared),
                                                  target: databases[target.name]!, dryRun: planOnly, migrate: migrates)
            options.selection = target
            options.savedPlan = savedPlan
            options.checks = checks
            return options
        }
        if !dryRun, !planOptions.quiet, planOptions.format == .text {
            Terminal.writeError("Applying \(plural(targets.count, "target")) wave by wave…\n")
        }
        let report = waves.run(load, dryRun: dryRun)
        let sections = report.targets.map { section(for: $0.target, $0.outcome, database: databases[$0.target.name]!) }

        for (target, outcome) in report.targets {
            guard case .finished(let result) = outcome else { continue }
            Terminal.writeError(result.plan.warnings.map { "target \(target.name): " + Terminal.line(for: $0, colour: colour) + "\n" }.joined())
            for notice in result.notices { Terminal.writeError("switchboard: target \(target.name): \(notice)\n") }
        }
        if !planOptions.quiet {
            switch planOptions.format {
            case .text: Terminal.write(TargetPlanRenderer.text(sections, verbose: planOptions.verbose, colour: Terminal.usesColour(.standardOutput)))
            case .json: Terminal.write(TargetPlanRenderer.json(sections, directory: directory, files: load.files.count))
            case .markdown: Terminal.write(TargetPlanRenderer.markdown(sections))
            }
        }
        if let path = planOptions.outMarkdown { try write(TargetPlanRenderer.markdown(sections, budget: nil), to: path) }
        if let path = planOptions.outText { try write(TargetPlanRenderer.text(sections, verbose: true, colour: false), to: path) }
        if let out = planOptions.out, case .finished(let result)? = report.targets.first?.outcome, let saved = result.savedPlan {
            try saved.write(to: out)
            Terminal.writeError("Saved the plan to \(out): apply it with `switchboard reconcile --target \(targets[0].name) --plan \(out)`.\n")
        }
        if planOptions.timings {
            for (target, outcome) in report.targets {
                guard case .finished(let result) = outcome else { continue }
                let phases = result.phases.map { String(format: "%@ %.3f s", $0.name, $0.seconds) }.joined(separator: ", ")
                Terminal.writeError("timings: target \(target.name): \(phases); total \(String(format: "%.3f", result.seconds)) s\n")
            }
        }

        // After the commits: each applied target's SIP manager is told to reload.
        var reloadFailed = false
        for (target, outcome) in report.targets {
            guard case .finished(let result) = outcome, result.applied, let payload = result.reload else { continue }
            Terminal.writeError("target \(target.name): ")
            do {
                try await deliverReload(payload, notified: result.notified, settings: target.settings(from: settings),
                                        target: databases[target.name]!)
            } catch {
                reloadFailed = true
            }
        }

        let applied = report.applied.isEmpty ? "none" : report.applied.joined(separator: ", ")
        let notRun = report.notRun.isEmpty ? "" : "; not run: \(report.notRun.joined(separator: ", "))"
        if !report.failed.isEmpty {
            for (name, error) in report.failed { Terminal.writeError("error: target \(name): \(Self.describe(error))\n") }
            Terminal.writeError("error: \(plural(report.failed.count, "target")) failed (applied: \(applied)\(notRun))\n")
            throw ExitCode.failure
        }
        if !report.refused.isEmpty {
            Terminal.writeError("error: refused in \(report.refused.joined(separator: ", ")) (applied: \(applied)\(notRun))\n")
            throw ExitCode(3)
        }
        if reloadFailed { throw ExitCode.failure }
        let results = report.targets.compactMap { if case .finished(let result) = $0.outcome { result } else { nil } }
        let checkResults = results.flatMap(\.checks)
        if checkResults.contains(where: { !$0.isOK }) {
            Terminal.writeError("switchboard: \(CheckRenderer.summary(checkResults)) (exit status 4)\n")
            throw ExitCode(4)
        }
        if dryRun, planOptions.detailedExitcode, results.contains(where: { !$0.plan.isEmpty }) { throw ExitCode(2) }
    }

    private func section(for target: Target, _ outcome: TargetWaves.Outcome, database: DatabaseTarget) -> TargetSection {
        // `--database-name` hides hosts in a pull-request comment: each target is then named by its name.
        let shown = planOptions.databaseName != nil ? target.name : database.description
        var section = TargetSection(name: target.name, wave: target.wave, database: shown, status: .planned)
        switch outcome {
        case .finished(let result):
            section.plan = result.plan
            section.header = result.header
            section.header?.database = shown
            section.checks = result.checks
            section.status = result.plan.refusal != nil ? .refused : result.applied ? .applied : .planned
        case .failed(let error):
            section.status = .failed
            section.error = Self.describe(error)
        case .notRun:
            section.status = .notRun
        }
        return section
    }

    /// One line for a target's failure (its located diagnostics are printed apart).
    static func describe(_ error: any Error) -> String {
        if let error = error as? ReconcileError {
            let located = error.diagnostics.filter(\.isError).prefix(3).map(\.description)
            return located.isEmpty ? "\(error)" : "\(error) (\(located.joined(separator: "; ")))"
        }
        return "\(error)"
    }

    private func reported(_ line: String) -> ExitCode {
        Terminal.writeError(line + "\n")
        return ExitCode.failure
    }
}
