import SwitchboardModel

/// Refuses plans that delete too much (DESIGN §3): an emptied file must not wipe production
/// routing, and a checkout with no tenant at all is not an instruction to delete everything.
public struct DeleteGuard {
    let policy: PlanPolicy

    func refusal(for plan: Plan, desired: DesiredState, actual: ActualState) -> String? {
        guard !policy.allowDeletes else { return nil }
        // A scoped plan (the daemon after an edit) is judged against the whole.
        let totals = actual.rowCounts
        let storedTenants = totals[.tenants] ?? 0
        if policy.wholeDesiredTenantCount ?? desired.tenants.count == 0, storedTenants > 0 {
            return "no tenant in the files, \(storedTenants) in the database (a broken checkout?): nothing applied; re-run with --allow-deletes if this is intended"
        }
        var excesses: [String] = []
        var windowExcesses: [String] = []
        let history = actual.deletionHistory
        for kind in ResourceKind.allCases {
            let deletes = plan.count(of: .delete, in: kind)
            let total = totals[kind] ?? 0
            guard deletes > 0 else { continue }
            if deletes > allowed(of: total) {
                excesses.append("\(deletes) of \(total) \(kind.noun) (\(Self.share(deletes, of: total))%)")
                continue
            }
            // With a window: this plan's deletions and those applied within it, against the
            // largest size of the kind the window saw.
            guard let history, let earlier = history.deleted[kind], earlier > 0 else { continue }
            let base = max(total, history.largest[kind] ?? 0)
            let cumulative = earlier + deletes
            guard cumulative > allowed(of: base) else { continue }
            windowExcesses.append(
                "\(deletes) \(kind.noun) after \(earlier) deleted earlier in the last \(history.window) (\(plural(history.runs, "applied run"))): \(cumulative) of \(base) (\(Self.share(cumulative, of: base))%)")
        }
        let allow = "re-run with --allow-deletes if this is intended"
        if !excesses.isEmpty {
            return "refusing to delete \(excesses.joined(separator: ", ")): more than guard.maxDeletes (\(policy.maxDeletes)); \(allow)"
        }
        guard !windowExcesses.isEmpty, let history else { return nil }
        return "refusing to delete \(windowExcesses.joined(separator: "; ")): more than guard.maxDeletes (\(policy.maxDeletes)) within guard.window (\(history.window)); \(allow)"
    }

    /// The kinds whose whole-database count a scoped plan (the daemon after an edit) needs and its
    /// read did not take: those it deletes, and tenants when the files hold none. Counted, then
    /// planned again; a plan without deletes never counts 100,000 routes.
    public static func uncountedKinds(in plan: Plan, actual: ActualState, policy: PlanPolicy) -> Set<ResourceKind> {
        guard let counts = actual.wholeCounts, !policy.allowDeletes else { return [] }
        var kinds = Set(ResourceKind.allCases.filter { plan.count(of: .delete, in: $0) > 0 })
        if policy.wholeDesiredTenantCount == 0 { kinds.insert(.tenants) }
        return kinds.filter { counts[$0] == nil }
    }

    private static func share(_ part: Int, of total: Int) -> Int { total == 0 ? 100 : part * 100 / total }

    private func allowed(of total: Int) -> Int {
        switch policy.maxDeletes {
        case .percent(let share): Int((Double(total) * share / 100).rounded(.down))
        case .count(let count): count
        }
    }
}
