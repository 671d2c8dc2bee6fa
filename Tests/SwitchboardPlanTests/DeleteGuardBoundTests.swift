import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// `DeleteGuard.passingTotal`: the smallest whole count at which a scoped plan's deletions pass,
/// which the daemon counts up to instead of counting every row. At that count the guard passes the
/// plan, and one row fewer it refuses it.
struct DeleteGuardBoundTests {
    @Test(arguments: [(DeleteLimit.percent(10), 1, 10), (.percent(10), 4, 40), (.percent(10), 9, 90), (.percent(33.3), 1, 4),
                      (.percent(100), 7, 7), (.count(5), 5, 0)])
    func theBoundIsWhereTheGuardStartsToPass(_ limit: DeleteLimit, _ deletes: Int, _ bound: Int) {
        let rule = DeleteGuard(policy: PlanPolicy(maxDeletes: limit))
        #expect(rule.passingTotal(deletes: deletes, kind: .routes, history: nil) == bound)
        #expect(refusal(limit, deletes: deletes, total: bound) == nil)
        if bound > 0 { #expect(refusal(limit, deletes: deletes, total: bound - 1) != nil) }
    }

    @Test func noCountPassesMoreThanTheCountLimitOrZeroPercent() {
        #expect(DeleteGuard(policy: PlanPolicy(maxDeletes: .count(5))).passingTotal(deletes: 6, kind: .routes, history: nil) == nil)
        #expect(DeleteGuard(policy: PlanPolicy(maxDeletes: .percent(0))).passingTotal(deletes: 1, kind: .routes, history: nil) == nil)
    }

    /// With `guard.window`: 9 routes deleted earlier from 100 need 180 rows for 9 more (18 of 180),
    /// unless the window's largest size already allows them.
    @Test func theWindowsDeletionsRaiseTheBound() {
        let rule = DeleteGuard(policy: PlanPolicy(maxDeletes: .percent(10)))
        var history = DeletionHistory(window: SettingDuration(milliseconds: 86_400_000))
        history.add(deleted: [.routes: 9], rows: [.routes: 100])
        #expect(rule.passingTotal(deletes: 9, kind: .routes, history: history) == 180)
        history.add(deleted: [:], rows: [.routes: 500])
        #expect(rule.passingTotal(deletes: 9, kind: .routes, history: history) == 90)
    }

    private func refusal(_ limit: DeleteLimit, deletes: Int, total: Int) -> String? {
        var plan = Plan()
        plan.routes = (0..<deletes).map { .delete(Route(key: RouteKey(channel: .vocal, key: "+3310000\($0)"), tenantID: 1), fields: []) }
        var actual = ActualState()
        actual.wholeCounts = [.routes: total, .tenants: 1]
        var policy = PlanPolicy(maxDeletes: limit)
        policy.wholeDesiredTenantCount = 1
        return DeleteGuard(policy: policy).refusal(for: plan, desired: DesiredState(), actual: actual)
    }
}
