import SwitchboardModel

/// Refuses plans that delete too much (DESIGN §3): an emptied file must not wipe production
/// routing, and a checkout with no tenant at all is not an instruction to delete everything.
struct DeleteGuard {
    let policy: PlanPolicy

    func refusal(for plan: Plan, desired: DesiredState, actual: ActualState) -> String? {
        guard !policy.allowDeletes else { return nil }
        // A scoped plan (the daemon after an edit) is judged against the whole.
        let totals: [ResourceKind: Int] = actual.wholeCounts ?? [
            .tenants: actual.tenants.count, .sipAccounts: actual.sipAccounts.count, .routes: actual.routes.count,
            .channels: actual.channelConfigurations.count,
            .workflowBindings: actual.workflowBindings.count + actual.mixedWorkflowBindings.count,
        ]
        let storedTenants = totals[.tenants] ?? 0
        if policy.wholeDesiredTenantCount ?? desired.tenants.count == 0, storedTenants > 0 {
            return "no tenant in the files, \(storedTenants) in the database (a broken checkout?): nothing applied; re-run with --allow-deletes if this is intended"
        }
        var excesses: [String] = []
        for kind in ResourceKind.allCases {
            let deletes = plan.count(of: .delete, in: kind)
            let total = totals[kind] ?? 0
            guard deletes > 0, deletes > allowed(of: total) else { continue }
            let share = total == 0 ? 100 : deletes * 100 / total
            excesses.append("\(deletes) of \(total) \(Self.noun(kind)) (\(share)%)")
        }
        guard !excesses.isEmpty else { return nil }
        return "refusing to delete \(excesses.joined(separator: ", ")): more than guard.maxDeletes (\(policy.maxDeletes)); re-run with --allow-deletes if this is intended"
    }

    private func allowed(of total: Int) -> Int {
        switch policy.maxDeletes {
        case .percent(let share): Int((Double(total) * share / 100).rounded(.down))
        case .count(let count): count
        }
    }

    static func noun(_ kind: ResourceKind) -> String {
        switch kind {
        case .tenants: "tenants"
        case .sipAccounts: "SIP accounts"
        case .routes: "routes"
        case .channels: "channel configurations"
        case .workflowBindings: "workflow bindings"
        }
    }
}
