import Foundation
import SwitchboardModel

/// The plan for tools: one JSON document, keys sorted, `formatVersion` 1 (README documents it).
/// Secret values are never in it: sensitive fields read "(sensitive)".
public enum JSONPlanRenderer {
    struct Document: Encodable {
        var formatVersion = 1
        var source: Source
        var database: String
        var summary: Summary
        var sipReload: Bool
        /// `yes`, `no`, or `possible` (a trunk's secret could not be read here).
        var sipReloadWord: String
        /// Secrets that could not be read here: a change of their values shows only at apply.
        var unreadableSecrets: Int
        var protectionChanges: [String]
        var refused: String?
        var risks: [RiskEntry]
        var changes: [ChangeEntry]
        var retained: [Retained]
        var errors: [String]
        var warnings: [String]
        /// `--check`: every result (also under its row); absent without `--check`.
        var checks: [CheckRenderer.Entry]?
    }

    struct Source: Encodable {
        var directory: String
        var files: Int
    }

    struct Summary: Encodable {
        var add: Int
        var change: Int
        var delete: Int
        var byKind: [String: [String: Int]]
    }

    struct ChangeEntry: Encodable {
        var kind: String
        var action: String
        var id: String
        var fields: [Field]
        var source: String?
        var protected: Bool
        /// `--check`'s result for this row.
        var check: CheckRenderer.Entry?
    }

    struct Field: Encodable {
        var name: String
        var before: String?
        var after: String?
        var sensitive: Bool
    }

    struct RiskEntry: Encodable {
        /// Stable: the codes of `policy` in switchboard.yaml.
        var code: String
        /// `warn`, `refuse` or `allowedOnce`.
        var decision: String
        var rows: [RiskRow]
    }

    struct RiskRow: Encodable {
        var id: String
        var detail: String
        var source: String?
    }

    struct Retained: Encodable {
        var kind: String
        var id: String
        var reason: String
    }

    public static func render(_ plan: Plan, header: PlanHeader, checks: [CheckResult] = []) -> String {
        JSONText.document(document(plan, header: header, checks: checks))
    }

    static func document(_ plan: Plan, header: PlanHeader, checks: [CheckResult]) -> Document {
        let checked = Dictionary(checks.map { ($0.key, CheckRenderer.Entry($0)) }, uniquingKeysWith: { first, _ in first })
        var byKind: [String: [String: Int]] = [:]
        for kind in ResourceKind.allCases {
            let counts = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0.rawValue, plan.count(of: $0, in: kind)) })
            if counts.values.contains(where: { $0 > 0 }) { byKind[kind.rawValue] = counts }
        }
        return Document(
            source: Source(directory: header.directory, files: header.fileCount),
            database: header.database,
            summary: Summary(add: plan.count(of: .create), change: plan.count(of: .update), delete: plan.count(of: .delete), byKind: byKind),
            sipReload: plan.needsSIPReload,
            sipReloadWord: plan.sipReloadWord,
            unreadableSecrets: plan.unreadableSecrets,
            protectionChanges: plan.protectionLines,
            refused: plan.refusal,
            risks: plan.risks.map { risk in
                RiskEntry(code: risk.code.rawValue, decision: risk.decision.rawValue,
                          rows: risk.rows.map { RiskRow(id: $0.identity, detail: $0.detail, source: $0.location?.description) })
            },
            changes: plan.entries.map { entry in
                ChangeEntry(kind: entry.kind.rawValue, action: entry.action.rawValue, id: entry.identity,
                            fields: entry.fields.map { field in
                                Field(name: field.name.rawValue, before: value(field.before), after: value(field.after), sensitive: field.isSensitive)
                            },
                            source: entry.location?.description, protected: entry.isProtected, check: checked[entry.key])
            },
            retained: plan.retained.map { Retained(kind: $0.key.kind.rawValue, id: $0.display, reason: $0.reason.rawValue) },
            errors: plan.errors.map(\.description),
            warnings: plan.warnings.map(\.description),
            checks: checks.isEmpty ? nil : checks.map(CheckRenderer.Entry.init))
    }

    private static func value(_ value: FieldValue) -> String? {
        value == .absent ? nil : value.description
    }
}
