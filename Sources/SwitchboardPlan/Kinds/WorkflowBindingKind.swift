import SwitchboardModel

/// Workflow bindings in a plan: `~ workflow prise-rdv account "A" → "B", effectiveTrunk …`. Each
/// change also says which trunk the workflow's calls will use (`effectiveTrunk`).
extension WorkflowBinding: PlannedRow {
    public var planIdentity: String { workflowSlug }

    public static func planSummary(of change: Change<WorkflowBinding>) -> String {
        let effective = change.fields.first { $0.name == .effectiveTrunk }.map { ", calls use \($0.after.quotedIfSpaced)" } ?? ""
        return change.action == .delete
            ? "unbound from \"\(change.row.accountLabel)\"\(effective)"
            : "account \"\(change.row.accountLabel)\"\(effective)"
    }
}

extension FieldName {
    static let account = FieldName("account")
    /// The trunk the workflow's calls use once applied (EffectiveTrunk): what the change means.
    static let effectiveTrunk = FieldName("effectiveTrunk")
}

extension PlanContext {
    /// Live bindings, with workflows whose definitions disagree shown as bound to "(mixed)".
    var liveBindings: [WorkflowBinding] {
        actual.workflowBindings + actual.mixedWorkflowBindings.sorted().map { WorkflowBinding(workflowSlug: $0, accountLabel: "(mixed)") }
    }

    /// Bindings the database can take: a slug it does not know is an error at the binding's line;
    /// a database without workflow tables (the embedded default) skips bindings with a warning.
    func checkedBindings(_ bindings: [WorkflowBinding]) -> ([WorkflowBinding], [Diagnostic]) {
        guard let known = actual.knownWorkflows else {
            let diagnostics = bindings.prefix(1).compactMap { binding in
                binding.location.map { Diagnostic.warning(at: $0, "the database has no workflows table: \(bindings.count) workflow binding(s) not applied") }
            }
            return ([], diagnostics)
        }
        var kept: [WorkflowBinding] = []
        var diagnostics: [Diagnostic] = []
        for binding in bindings {
            if known.contains(binding.workflowSlug) {
                kept.append(binding)
            } else if let location = binding.location {
                diagnostics.append(.error(at: location, "workflow '\(binding.workflowSlug)' does not exist in the database\(Self.suggestion(binding.workflowSlug, known))"))
            }
        }
        return (kept, diagnostics)
    }

    private static func suggestion(_ slug: String, _ known: Set<String>) -> String {
        let close = known.filter { $0.lowercased() == slug.lowercased() || $0.hasPrefix(slug) || slug.hasPrefix($0) }.sorted()
        return close.first.map { " (did you mean '\($0)'?)" } ?? ""
    }

    var bindingDiffer: Differ<WorkflowBinding, String> {
        Differ(
            kind: .workflowBindings, identity: \.workflowSlug, managedKey: ManagedKey.workflowBinding,
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare(.account, live?.accountLabel, desired?.accountLabel)
                guard !fields.list.isEmpty else { return fields.list }
                // What the change means for calls: the trunk the platform will use, before and after.
                let before = EffectiveTrunk.resolve(boundTo: live?.accountLabel, accounts: actual.sipAccounts)
                let after = EffectiveTrunk.resolve(boundTo: desired?.accountLabel, accounts: accountsAfterApply)
                fields.append(FieldChange(.effectiveTrunk, before: before.map { .text($0) } ?? .text("(legacy app_settings)"),
                                          after: after.map { .text($0) } ?? .text("(legacy app_settings)")))
                return fields.list
            },
            display: { "\($0.workflowSlug) → \"\($0.accountLabel)\"" })
    }
}
