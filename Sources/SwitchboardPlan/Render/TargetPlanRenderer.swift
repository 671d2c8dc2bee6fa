import SwitchboardModel

/// One target's part of a plan over `targets:` (DESIGN §9): its plan, or why it has none.
public struct TargetSection: Sendable {
    public enum Status: String, Sendable {
        /// Planned only (a dry run), or nothing to apply.
        case planned
        case applied
        /// The guard, the policy or a required check refused it: nothing applied there.
        case refused
        /// It could not be planned or applied (its database down…): nothing applied there.
        case failed
        /// An earlier wave failed or was refused: left as it was.
        case notRun = "not-run"
    }

    public var name: String
    public var wave: Int
    /// The database, without password.
    public var database: String
    public var status: Status
    public var plan: Plan?
    public var header: PlanHeader?
    public var checks: [CheckResult] = []
    /// Why it failed, in one line (never a password).
    public var error: String?

    public init(name: String, wave: Int, database: String, status: Status) {
        self.name = name
        self.wave = wave
        self.database = database
        self.status = status
    }

    /// `target eu-west (wave 2) · postgres://…/eu`.
    public var title: String { "target \(name) (wave \(wave)) · \(database)" }

    public var statusLine: String? {
        switch status {
        case .planned, .applied: nil
        case .refused: "refused: \(plan?.refusal ?? "")"
        case .failed: "failed: \(error ?? "")"
        case .notRun: "not run: an earlier wave failed or was refused"
        }
    }
}

/// A plan over several targets: a section per target, each with its own summary and risks, then
/// one total. Text, JSON (`targets`) and markdown, as `switchboard plan` prints them.
public enum TargetPlanRenderer {
    public static func text(_ sections: [TargetSection], verbose: Bool, colour: Bool) -> String {
        var out = ""
        for section in sections {
            out += "── \(section.title) ──\n"
            if let plan = section.plan, let header = section.header, section.status != .failed {
                out += TextPlanRenderer.render(plan, header: header, verbose: verbose, checks: section.checks, colour: colour)
            }
            if let line = section.statusLine { out += TextRules.printable("  \(line)") + "\n" }
            out += "\n"
        }
        return out + totalLine(sections) + "\n"
    }

    public static func markdown(_ sections: [TargetSection], budget: Int? = MarkdownPlanRenderer.commentBudget) -> String {
        // Each target gets its share of a pull-request comment.
        let share = budget.map { max($0 / max(sections.count, 1), 2_000) }
        // Each target's plan has its own `###` title: the targets are the level above it.
        var out = "**switchboard plan of \(plural(sections.count, "target"))** · \(totalLine(sections))\n\n"
        for section in sections {
            out += "## Target \(MarkdownText.code(section.name)) (wave \(section.wave))\n\n"
            if let plan = section.plan, let header = section.header, section.status != .failed {
                out += MarkdownPlanRenderer.render(plan, header: header, budget: share, checks: section.checks) + "\n"
            }
            if let line = section.statusLine { out += "**\(MarkdownText.inline(line))**\n\n" }
        }
        return out
    }

    public static func json(_ sections: [TargetSection], directory: String, files: Int) -> String {
        let entries = sections.map { section in
            TargetEntry(name: section.name, wave: section.wave, database: section.database, status: section.status.rawValue,
                        error: section.error,
                        plan: section.plan.map { plan in
                            var header = section.header ?? PlanHeader(directory: directory, fileCount: files, database: section.database)
                            header.database = section.database
                            return JSONPlanRenderer.document(plan, header: header, checks: section.checks)
                        })
        }
        let total = Total(sections)
        return JSONText.document(Document(source: .init(directory: directory, files: files),
                                                 summary: .init(add: total.add, change: total.change, delete: total.delete),
                                                 targets: entries))
    }

    /// `Total over 3 targets: 2 to add, 0 to change, 1 to delete (applied: eu-west; failed: us-east).`
    public static func totalLine(_ sections: [TargetSection]) -> String {
        let total = Total(sections)
        var line = "Total over \(plural(sections.count, "target")): \(total.add) to add, \(total.change) to change, \(total.delete) to delete"
        let groups: [(String, TargetSection.Status)] = [("applied", .applied), ("refused", .refused), ("failed", .failed), ("not run", .notRun)]
        let parts = groups.compactMap { word, status -> String? in
            let names = sections.filter { $0.status == status }.map(\.name)
            return names.isEmpty ? nil : "\(word): \(names.joined(separator: ", "))"
        }
        if !parts.isEmpty { line += " (\(parts.joined(separator: "; ")))" }
        return line + "."
    }

    private struct Total {
        var add = 0, change = 0, delete = 0

        init(_ sections: [TargetSection]) {
            for plan in sections.compactMap(\.plan) {
                add += plan.count(of: .create)
                change += plan.count(of: .update)
                delete += plan.count(of: .delete)
            }
        }
    }

    struct Document: Encodable {
        var formatVersion = 1
        var source: JSONPlanRenderer.Source
        /// Over every target.
        var summary: Summary
        var targets: [TargetEntry]
    }

    struct Summary: Encodable {
        var add: Int
        var change: Int
        var delete: Int
    }

    /// A target: its name, wave, database and status beside the fields of a one-database plan.
    struct TargetEntry: Encodable {
        var name: String
        var wave: Int
        var database: String
        var status: String
        var error: String?
        var plan: JSONPlanRenderer.Document?

        enum CodingKeys: String, CodingKey { case name, wave, database, status, error }

        func encode(to encoder: any Encoder) throws {
            try plan?.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(wave, forKey: .wave)
            try container.encode(database, forKey: .database)
            try container.encode(status, forKey: .status)
            try container.encodeIfPresent(error, forKey: .error)
        }
    }
}
