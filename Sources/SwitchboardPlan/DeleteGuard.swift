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

    /// How much of a kind's whole-database count the guard needs to judge a plan.
    public enum CountNeeded: Hashable, Sendable {
        /// The exact count (the refusal names it).
        case exact
        /// Whether the database holds at least this many rows: the plan's deletions pass from there.
        case atLeast(Int)
    }

    /// What a scoped plan (the daemon after an edit) needs counted that its read did not count: the
    /// kinds it deletes, and tenants when the files hold none. A count up to a bound reads that many
    /// rows: one route deleted under 10% needs 10 of them, not all 100,000 (12 ms of the edit).
    public static func countsNeeded(in plan: Plan, actual: ActualState, policy: PlanPolicy) -> [ResourceKind: CountNeeded] {
        guard let counts = actual.wholeCounts, !policy.allowDeletes else { return [:] }
        let rule = DeleteGuard(policy: policy)
        var needed: [ResourceKind: CountNeeded] = [:]
        for kind in ResourceKind.allCases where counts[kind] == nil {
            let deletes = plan.count(of: .delete, in: kind)
            guard deletes > 0 else { continue }
            needed[kind] = rule.passingTotal(deletes: deletes, kind: kind, history: actual.deletionHistory).map(CountNeeded.atLeast) ?? .exact
        }
        if policy.wholeDesiredTenantCount == 0, counts[.tenants] == nil { needed[.tenants] = .exact }
        return needed
    }

    /// The smallest whole count of `kind` at which `deletes` pass, the window's deletions included;
    /// nil when none does (the refusal then says the exact count).
    func passingTotal(deletes: Int, kind: ResourceKind, history: DeletionHistory?) -> Int? {
        guard var total = smallestTotal(allowing: deletes) else { return nil }
        if let history, let earlier = history.deleted[kind], earlier > 0, allowed(of: history.largest[kind] ?? 0) < earlier + deletes {
            guard let windowTotal = smallestTotal(allowing: earlier + deletes) else { return nil }
            total = max(total, windowTotal)
        }
        return total
    }

    /// The smallest count of which `deletes` is within `maxDeletes`, or nil.
    private func smallestTotal(allowing deletes: Int) -> Int? {
        switch policy.maxDeletes {
        case .count(let count):
            return deletes <= count ? 0 : nil
        case .percent(let share):
            guard share > 0 else { return nil }
            var total = Int((Double(deletes) * 100 / share).rounded(.up))
            while allowed(of: total) < deletes { total += 1 }
            while total > 0, allowed(of: total - 1) >= deletes { total -= 1 }
            return total
        }
    }

    private static func share(_ part: Int, of total: Int) -> Int { total == 0 ? 100 : part * 100 / total }

    private func allowed(of total: Int) -> Int {
        switch policy.maxDeletes {
        case .percent(let share): Int((Double(total) * share / 100).rounded(.down))
        case .count(let count): count
        }
    }
}
