import SwitchboardModel

/// The plan for a terminal or a CI log (DESIGN §4):
///
///     + route     whatsapp +33939240575  tenant 42 acme        tenants.d/acme.yaml:9
public enum TextPlanRenderer {
    /// Without `verbose`, a kind shows this many rows, then a count of the rest.
    public static let rowsPerKind = 100

    /// - Parameter verbose: every row (`--verbose`, `--out-text`); otherwise a kind past
    ///   `rowsPerKind` rows is cut short with a count (a first reconcile has 100,000 routes).
    /// - Parameter checks: `--check`'s results, each shown under its row.
    /// - Parameter colour: ANSI colours (a terminal without NO_COLOR): adds green, changes yellow,
    ///   deletes and refusals red.
    public static func render(_ plan: Plan, header: PlanHeader, verbose: Bool = true, checks: [CheckResult] = [],
                              colour: Bool = false) -> String {
        let paint = { (code: String, text: String) in colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines = ["Reconciling \(header.directory) (\(plural(header.fileCount, "file"))) against \(header.database)", ""]
        if !plan.risks.isEmpty {
            // First: what a reviewer must see before anything else.
            lines.append("  Risks (changes that move live traffic):")
            for risk in plan.risks {
                let mark = risk.decision == .refuse ? "✗" : "!"
                for row in risk.rows {
                    let head = paint(risk.decision == .refuse ? "31" : "33",
                                     TextRules.printable("  \(mark) \(risk.code.rawValue) (\(risk.decision.label))  \(row.identity)  \(row.detail)"))
                    lines.append(row.location.map { head + "  \($0.file):\($0.line)" } ?? head)
                }
            }
            lines.append("")
        }
        let (shown, hidden) = plan.entries(perKind: verbose ? .max : rowsPerKind)
        if shown.isEmpty {
            lines.append("  No changes: the database matches the files.")
        } else {
            let rows = shown.map { entry in
                (head: TextRules.printable("  \(entry.symbol) \(entry.kind.label.padding(9))\(entry.displayIdentity)  \(entry.changeDescription)\(entry.isProtected ? "  [protected]" : "")"),
                 location: entry.location.map { "\($0.file):\($0.line)" })
            }
            let width = min(rows.map { $0.head.unicodeScalars.count }.max() ?? 0, 90)
            let checked = Dictionary(checks.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for (row, entry) in zip(rows, shown) {
                let code = entry.action == .create ? "32" : entry.action == .update ? "33" : "31"
                lines.append(row.location.map { paint(code, row.head.padding(width)) + "  " + $0 } ?? paint(code, row.head))
                if let check = checked[entry.key] {
                    lines.append(paint(check.isOK ? "32" : "31", TextRules.printable("      check \(check.summary)")))
                }
            }
            for (kind, count) in hidden {
                lines.append("  … and \(count) more \(kind.label) rows (--verbose shows them all, --out-text FILE writes them)")
            }
        }
        if !plan.retained.isEmpty {
            lines.append("")
            lines.append("  Left alone (no file declares them):")
            for row in plan.retained {
                lines.append(TextRules.printable("  = \(row.key.kind.label.padding(9))\(row.display)  (\(row.reason.explanation))"))
            }
        }
        for line in plan.protectionLines { lines.append("  * \(line)") }
        lines.append("")
        lines.append(plan.summaryLine)
        if !checks.isEmpty { lines.append(CheckRenderer.summary(checks) + ".") }
        if let unreadable = plan.unreadableSecretsLine { lines.append(unreadable + ".") }
        if let refusal = plan.refusal { lines.append(paint("1;31", "Refused: \(refusal)")) }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Pads with spaces to `width` columns (Unicode scalars: exact for the text plans print, and
    /// much cheaper than counting grapheme clusters over 100,000 lines).
    func padding(_ width: Int) -> String {
        let length = unicodeScalars.count
        return length >= width ? self + " " : self + String(repeating: " ", count: width - length)
    }
}
