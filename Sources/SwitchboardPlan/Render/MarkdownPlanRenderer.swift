import SwitchboardModel

/// The plan as a pull-request comment: the summary, the risks, then a table per kind, long tables
/// and the rows left alone collapsed in `<details>`. GitHub refuses a comment over 65,536
/// characters, so the comment stops adding rows at `commentBudget` and says how many it left out;
/// `render(…, budget: nil)` is the whole plan (`--out-markdown`, a job summary, an artifact).
public enum MarkdownPlanRenderer {
    /// Tables longer than this are collapsed.
    static let collapseAfter = 20
    /// The most characters (UTF-8 bytes, which is more) a comment's plan takes.
    public static let commentBudget = 60_000
    /// Warnings and errors listed before the rows: the rest are counted.
    static let diagnosticsShown = 50

    /// - Parameter checks: `--check`'s results, as a table after the risks.
    public static func render(_ plan: Plan, header: PlanHeader, budget: Int? = commentBudget, checks: [CheckResult] = []) -> String {
        var out = Output(budget: budget)
        out.append("### switchboard plan: \(plan.count(of: .create)) to add, \(plan.count(of: .update)) to change, \(plan.count(of: .delete)) to delete\n\n")
        out.append("\(MarkdownText.code(header.directory)) (\(plural(header.fileCount, "file"))) → \(MarkdownText.code(header.database)) · SIP reload: **\(plan.sipReloadWord)**\n\n")
        if let unreadable = plan.unreadableSecretsLine { out.append("> [!NOTE]\n> \(MarkdownText.inline(unreadable)).\n\n") }
        if let refusal = plan.refusal { out.append("> [!CAUTION]\n> **Refused:** \(MarkdownText.inline(refusal))\n\n") }
        if !plan.risks.isEmpty { risks(plan.risks, into: &out) }
        if !checks.isEmpty {
            out.append("#### \(CheckRenderer.summary(checks))\n\n")
            for line in CheckRenderer.table(checks) where out.fits(line + "\n", share: 2) { out.append(line + "\n") }
            out.append("\n")
        }
        diagnostics(plan.errors, mark: ":x:", into: &out)
        diagnostics(plan.warnings, mark: ":warning:", into: &out)
        if !plan.errors.isEmpty || !plan.warnings.isEmpty { out.append("\n") }

        let entries = plan.entries
        if entries.isEmpty { out.append("No changes: the database matches the files.\n") }
        var omitted = 0
        for kind in ResourceKind.allCases {
            let rows = entries.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            let counts = Action.allCases.compactMap { action -> String? in
                let count = rows.count { $0.action == action }
                return count == 0 ? nil : "\(count) to \(action == .create ? "add" : action == .update ? "change" : "delete")"
            }
            let heading = "\(kind.title) (\(counts.joined(separator: ", ")))"
            let collapsed = rows.count > collapseAfter
            var section = collapsed ? "<details><summary><b>\(heading)</b></summary>\n\n" : "#### \(heading)\n\n"
            section += "| | row | change | source |\n|---|---|---|---|\n"
            let closing = collapsed ? "\n</details>\n\n" : "\n"
            guard out.fits(section + closing) else {
                omitted += rows.count
                continue
            }
            out.append(section)
            for (index, row) in rows.enumerated() {
                let source = row.location.map { MarkdownText.code("\($0.file):\($0.line)") } ?? ""
                let mark = row.isProtected ? " :lock:" : ""
                let line = "| \(row.symbol)\(mark) | \(MarkdownText.code(row.identity)) | \(MarkdownText.inline(row.changeDescription)) | \(source) |\n"
                guard out.fits(line + closing) else {
                    omitted += rows.count - index
                    break
                }
                out.append(line)
            }
            out.append(closing)
        }
        for line in plan.protectionLines { out.append("- :lock: \(MarkdownText.inline(line))\n") }
        if !plan.retained.isEmpty {
            let opening = "<details><summary>Left alone: \(plural(plan.retained.count, "row")) no file declares</summary>\n\n"
            let closing = "\n</details>\n"
            if out.fits(opening + closing) {
                out.append(opening)
                for (index, row) in plan.retained.enumerated() {
                    let line = "- \(row.key.kind.label) \(MarkdownText.code(row.display)): \(row.reason.explanation)\n"
                    guard out.fits(line + closing) else {
                        omitted += plan.retained.count - index
                        break
                    }
                    out.append(line)
                }
                out.append(closing)
            } else {
                omitted += plan.retained.count
            }
        }
        if omitted > 0 {
            out.append("\n> [!NOTE]\n> **\(plural(omitted, "more row")) not shown here** (a comment holds 65,536 characters): the whole plan is in the job summary, or `switchboard plan --out-markdown FILE`.\n")
        }
        return out.text
    }

    /// Every risk row while it fits half the budget (the rows of changes need room too), then a count.
    private static func risks(_ risks: [Risk], into out: inout Output) {
        out.append("#### Risks: changes that move live traffic\n\n| | risk | row | what happens | source |\n|---|---|---|---|---|\n")
        let total = risks.reduce(0) { $0 + $1.rows.count }
        var shown = 0
        rows: for risk in risks {
            let mark = risk.decision == .refuse ? ":no_entry:" : ":warning:"
            for row in risk.rows {
                let source = row.location.map { MarkdownText.code("\($0.file):\($0.line)") } ?? ""
                let line = "| \(mark) | \(MarkdownText.code(risk.code.rawValue)) \(risk.decision.label) | \(MarkdownText.code(row.identity)) | \(MarkdownText.inline(row.detail)) | \(source) |\n"
                guard out.fits(line, share: 2) else { break rows }
                out.append(line)
                shown += 1
            }
        }
        if shown < total { out.append("| | | | and \(total - shown) more risk rows: see the whole plan | |\n") }
        out.append("\n")
    }

    private static func diagnostics(_ diagnostics: [Diagnostic], mark: String, into out: inout Output) {
        for diagnostic in diagnostics.prefix(diagnosticsShown) {
            out.append("- \(mark) \(MarkdownText.code(diagnostic.location.description)) \(MarkdownText.inline(diagnostic.message))\n")
        }
        if diagnostics.count > diagnosticsShown { out.append("- \(mark) and \(diagnostics.count - diagnosticsShown) more\n") }
    }

    /// The text so far and its size, counted as it grows (a plan of 100,000 rows stays linear).
    struct Output {
        let budget: Int?
        private(set) var text = ""
        private(set) var size = 0
        /// Room kept for the closing note.
        static let reserve = 400

        init(budget: Int?) { self.budget = budget }

        /// Whether `more` fits in the budget (in `1/share` of it), keeping room for the closing note.
        func fits(_ more: String, share: Int = 1) -> Bool {
            guard let budget else { return true }
            return size + more.utf8.count + Self.reserve <= budget / share
        }

        mutating func append(_ more: String) {
            text += more
            size += more.utf8.count
        }
    }
}
