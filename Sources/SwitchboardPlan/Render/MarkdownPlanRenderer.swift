import SwitchboardModel

/// The plan as a pull-request comment: a summary line, a table per kind, long tables and the
/// rows left alone collapsed in `<details>`.
public enum MarkdownPlanRenderer {
    /// Tables longer than this are collapsed.
    static let collapseAfter = 20

    public static func render(_ plan: Plan, header: PlanHeader) -> String {
        var out = "### switchboard plan: \(plan.count(of: .create)) to add, \(plan.count(of: .update)) to change, \(plan.count(of: .delete)) to delete\n\n"
        out += "\(MarkdownText.code(header.directory)) (\(plural(header.fileCount, "file"))) → \(MarkdownText.code(header.database)) · SIP reload: **\(plan.needsSIPReload ? "yes" : "no")**\n\n"
        if let refusal = plan.refusal { out += "> [!CAUTION]\n> **Refused:** \(MarkdownText.inline(refusal))\n\n" }
        if !plan.risks.isEmpty {
            out += "#### Risks: changes that move live traffic\n\n| | risk | row | what happens | source |\n|---|---|---|---|---|\n"
            for risk in plan.risks {
                let mark = risk.decision == .refuse ? ":no_entry:" : ":warning:"
                for row in risk.rows {
                    let source = row.location.map { MarkdownText.code("\($0.file):\($0.line)") } ?? ""
                    out += "| \(mark) | \(MarkdownText.code(risk.code.rawValue)) \(risk.decision.label) | \(MarkdownText.code(row.identity)) | \(MarkdownText.inline(row.detail)) | \(source) |\n"
                }
            }
            out += "\n"
        }
        for diagnostic in plan.errors { out += "- :x: \(MarkdownText.code(diagnostic.location.description)) \(MarkdownText.inline(diagnostic.message))\n" }
        for diagnostic in plan.warnings { out += "- :warning: \(MarkdownText.code(diagnostic.location.description)) \(MarkdownText.inline(diagnostic.message))\n" }
        if !plan.errors.isEmpty || !plan.warnings.isEmpty { out += "\n" }

        let entries = plan.entries
        if entries.isEmpty { out += "No changes: the database matches the files.\n" }
        for kind in ResourceKind.allCases {
            let rows = entries.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            let counts = Action.allCases.compactMap { action -> String? in
                let count = rows.filter { $0.action == action }.count
                return count == 0 ? nil : "\(count) to \(action == .create ? "add" : action == .update ? "change" : "delete")"
            }
            var table = "| | row | change | source |\n|---|---|---|---|\n"
            for row in rows {
                let source = row.location.map { MarkdownText.code("\($0.file):\($0.line)") } ?? ""
                table += "| \(row.symbol) | \(MarkdownText.code(row.identity)) | \(MarkdownText.inline(row.changeDescription)) | \(source) |\n"
            }
            let heading = "\(title(kind)) (\(counts.joined(separator: ", ")))"
            out += rows.count > collapseAfter
                ? "<details><summary><b>\(heading)</b></summary>\n\n\(table)\n</details>\n\n"
                : "#### \(heading)\n\n\(table)\n"
        }
        if !plan.retained.isEmpty {
            out += "<details><summary>Left alone: \(plural(plan.retained.count, "row")) no file declares</summary>\n\n"
            for row in plan.retained { out += "- \(RetainedLabel.kind(row.key.kind)) \(MarkdownText.code(row.display)): \(row.reason.explanation)\n" }
            out += "\n</details>\n"
        }
        return out
    }

    static func title(_ kind: ResourceKind) -> String {
        switch kind {
        case .tenants: "Tenants"
        case .sipAccounts: "SIP accounts"
        case .routes: "Routes"
        case .channels: "Channels"
        case .workflowBindings: "Workflow bindings"
        }
    }
}

extension String {
    func replacingEvery(_ target: Character, with replacement: String) -> String {
        reduce(into: "") { result, character in
            if character == target { result += replacement } else { result.append(character) }
        }
    }
}
