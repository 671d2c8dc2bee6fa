import ArgumentParser
import Foundation
import SwitchboardLoader
import SwitchboardPlan
import SwitchboardReconcile

/// `switchboard show plan.json`: a saved plan, again, in any format; and whether the files it was
/// made from are still as they were (the database is checked by `reconcile --plan`).
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a plan saved with `plan --out FILE` again, and whether its files changed since.",
        discussion: "Exit status: 0 shown (the files as they were), 1 error, 2 shown but the files changed since (plan again).")

    @Argument(help: "The saved plan (plan --out FILE).")
    var file: String

    @Option(help: "Output: text, json or markdown.")
    var format: PlanFormat = .text

    @Flag(help: "Show every row of the text plan.")
    var verbose = false

    func run() async throws {
        let saved = try reportingFailures { try SavedPlan.read(from: file) }
        guard let plan = saved.plan, let header = saved.header else {
            Terminal.writeError("error: \(file) was saved by an older switchboard, without its rows: plan again to show it\n")
            throw ExitCode.failure
        }
        switch format {
        case .text: Terminal.write(TextPlanRenderer.render(plan, header: header, verbose: verbose))
        case .json: Terminal.write(JSONPlanRenderer.render(plan, header: header))
        case .markdown: Terminal.write(MarkdownPlanRenderer.render(plan, header: header))
        }
        // The files, as they are now beside the plan's folder (when it is there).
        guard let listed = try? DirectoryLoader.listFiles(in: saved.directory) else {
            Terminal.writeError("switchboard: \(saved.directory) is not here: the files were not compared\n")
            return
        }
        let changes = SavedPlan.differences(saved.files, SourceDigest.perFile(listed), added: "added", removed: "removed")
        if changes.isEmpty {
            Terminal.writeError("switchboard: the files are as they were when this plan was made\n")
        } else {
            Terminal.writeError("switchboard: the files changed since this plan was made\(changes): plan again\n")
            throw ExitCode(2)
        }
    }
}
