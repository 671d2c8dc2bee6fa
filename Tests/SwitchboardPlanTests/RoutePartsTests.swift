import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// A large plan pairs its routes in parts, on both cores (`Differ.pair`, `RouteKey.part`): the
/// same changes, in the same order, as pairing them all at once.
struct RoutePartsTests {
    /// 24,000 declared routes (past the planner's threshold for parts) and the live rows beside
    /// them: every kind of pairing, and keys of every length down to one byte.
    static let states: (desired: DesiredState, actual: ActualState) = {
        var desired = DesiredState()
        var actual = ActualState()
        let location = { (tenant: Int) in SourceLocation(file: "tenants.d/t\(tenant).yaml", line: 5, column: 11) }
        for tenant in 1...2_000 {
            desired.tenants.append(Tenant(id: Int64(tenant), slug: "t\(tenant)", name: "Tenant \(tenant)"))
            actual.tenants.append(Tenant(id: Int64(tenant), slug: "t\(tenant)", name: "Tenant \(tenant)"))
            for index in 0..<12 {
                let key = RouteKey(channel: index < 8 ? .vocal : .web,
                                   key: index < 8 ? "+331\(String(format: "%06d", tenant))\(index)0" : String(repeating: "k", count: index - 7) + "\(tenant)")
                var route = Route(key: key, tenantID: Int64(tenant), location: location(tenant))
                desired.routes.append(route)
                switch (tenant + index) % 6 {
                case 0: continue  // not in the database: a create
                case 1: route.tenantID = Int64(tenant % 2_000 + 1)  // moved: an update
                case 2: route.isActive = false  // reactivated: an update
                default: break
                }
                route.location = nil
                actual.routes.append(route)
                if (tenant + index) % 6 != 5 { actual.managed.insert(.route(key)) }  // 5: made by hand, taken over
            }
            // Live rows no file declares: owned (deleted) or made by hand (retained).
            let undeclared = RouteKey(channel: .whatsapp, key: "+3361\(String(format: "%06d", tenant))0")
            actual.routes.append(Route(key: undeclared, tenantID: Int64(tenant)))
            if tenant.isMultiple(of: 3) { actual.managed.insert(.route(undeclared)) }
        }
        // A key declared twice (the loader refuses it; the differ still pairs it once).
        desired.routes.append(desired.routes[0])
        desired.routes.append(Route(key: RouteKey(channel: .web, key: "x"), tenantID: 1))
        return (desired, actual)
    }()

    @Test(arguments: [2, 3, 4, 7])
    func routesPairedInPartsGiveTheChangesOfPairingThemAtOnce(parts: Int) {
        let (desired, actual) = Self.states
        let differ = PlanContext(desired: desired, actual: actual, secrets: ResolvedSecrets(), encryptionKeyID: nil).routeDiffer
        let whole = differ.diff(desired: desired.routes, live: actual.routes, managed: actual.managed, prune: .owned)
        #expect(whole.changes.count { $0.action == .create } == 4_002)
        #expect(whole.changes.count { $0.action == .update } == 12_000)
        #expect(whole.changes.count { $0.action == .delete } == 666)
        #expect(whole.retained.count == 1_334)

        let part = { (route: Route) in route.key.part(of: parts) }
        let desiredParts = Differ<Route, RouteKey>.positions(of: desired.routes, parts: parts, by: part)
        let liveParts = Differ<Route, RouteKey>.positions(of: actual.routes, parts: parts, by: part)
        // Every part has rows to pair: the keys are spread, not all in one.
        #expect(desiredParts.allSatisfy { $0.count > desired.routes.count / (3 * parts) })
        var pairings = (0..<parts).map { differ.pair(desired: desired.routes, desiredParts[$0], live: actual.routes, liveParts[$0], managed: actual.managed) }
        let inParts = differ.finish(&pairings, live: actual.routes, prune: .owned)
        #expect(inParts.changes == whole.changes)
        #expect(inParts.retained == whole.retained)
        #expect(inParts.undeclared == whole.undeclared)
        #expect(inParts.managedRowCount == whole.managedRowCount)
    }

    @Test func thePlannerPairsALargePlanInPartsWithTheSameRoutes() {
        let (desired, actual) = Self.states
        let differ = PlanContext(desired: desired, actual: actual, secrets: ResolvedSecrets(), encryptionKeyID: nil).routeDiffer
        let whole = differ.diff(desired: desired.routes, live: actual.routes, managed: actual.managed, prune: .owned)
        let plan = Planner.plan(desired: desired, actual: actual, secrets: ResolvedSecrets(), policy: PlanPolicy())
        #expect(plan.routes == whole.changes)
        #expect(plan.retained.filter { $0.key.kind == .routes } == whole.retained)
    }
}
