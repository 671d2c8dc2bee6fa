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

        let routeParts = Self.pairedInParts((desired, actual), parts: parts)
        // Every part has rows to pair: the keys are spread, not all in one.
        #expect(routeParts.desired.allSatisfy { $0.count > desired.routes.count / (3 * parts) })
        #expect(!routeParts.unchanged.contains(true))
    }

    @Test func thePlannerPairsALargePlanInPartsWithTheSameRoutes() {
        let (desired, actual) = Self.states
        let differ = PlanContext(desired: desired, actual: actual, secrets: ResolvedSecrets(), encryptionKeyID: nil).routeDiffer
        let whole = differ.diff(desired: desired.routes, live: actual.routes, managed: actual.managed, prune: .owned)
        let plan = Planner.plan(desired: desired, actual: actual, secrets: ResolvedSecrets(), policy: PlanPolicy())
        #expect(plan.routes == whole.changes)
        #expect(plan.retained.filter { $0.key.kind == .routes } == whole.retained)
    }

    /// The database as the files say: every route there, the same, and managed.
    static func inSync(routes: Int) -> (desired: DesiredState, actual: ActualState) {
        var desired = DesiredState()
        var actual = ActualState()
        for index in 0..<routes {
            let key = RouteKey(channel: index.isMultiple(of: 5) ? .web : .vocal,
                               key: index.isMultiple(of: 5) ? "widget-\(index)" : "+3319\(String(format: "%07d", index))")
            let route = Route(key: key, tenantID: Int64(index % 50 + 1), isActive: !index.isMultiple(of: 7))
            var declared = route
            declared.location = SourceLocation(file: "tenants.d/t\(index % 50).yaml", line: index, column: 5)
            desired.routes.append(declared)
            actual.routes.append(route)
            actual.managed.insert(.route(key))
        }
        // In another order than the files': parts are compared whatever the order.
        actual.routes.reverse()
        return (desired, actual)
    }

    /// Pairs `state` in parts as the planner does, and checks it gives what pairing all at once gives.
    static func pairedInParts(_ state: (desired: DesiredState, actual: ActualState), parts: Int) -> RouteParts {
        let (desired, actual) = state
        let differ = PlanContext(desired: desired, actual: actual, secrets: ResolvedSecrets(), encryptionKeyID: nil).routeDiffer
        let whole = differ.diff(desired: desired.routes, live: actual.routes, managed: actual.managed, prune: .owned)
        let routeParts = RouteParts(desired: desired.routes, live: actual.routes, managed: actual.managed, parts: parts)
        var pairings = (0..<parts).map {
            routeParts.pair($0, with: differ, desired: desired.routes, live: actual.routes, managed: actual.managed)
        }
        let inParts = differ.finish(&pairings, live: actual.routes, prune: .owned)
        #expect(inParts.changes == whole.changes)
        #expect(inParts.retained == whole.retained)
        #expect(inParts.undeclared == whole.undeclared)
        #expect(inParts.managedRowCount == whole.managedRowCount)
        return routeParts
    }

    @Test func partsWhoseRoutesAreInSyncAreNotPaired() {
        let routeParts = Self.pairedInParts(Self.inSync(routes: 30_000), parts: 16)
        #expect(routeParts.unchanged == Array(repeating: true, count: 16))
    }

    /// Each way a part can differ from the database pairs that part, and only that one.
    @Test(arguments: ["moved", "deactivated", "renumbered", "added", "removed", "unmanaged", "declared twice"])
    func aPartWithADifferenceIsPaired(difference: String) {
        var (desired, actual) = Self.inSync(routes: 30_000)
        let index = 12_345
        let key = desired.routes[index].key
        var involved = [key]
        switch difference {
        case "moved": desired.routes[index].tenantID += 1
        case "deactivated": desired.routes[index].isActive.toggle()
        case "renumbered":
            desired.routes[index].key.key = "+33190000001"
            involved.append(desired.routes[index].key)
        case "added":
            let added = RouteKey(channel: .whatsapp, key: "+33600000000")
            desired.routes.append(Route(key: added, tenantID: 1))
            involved = [added]
        case "removed": desired.routes.remove(at: index)
        case "unmanaged": actual.managed.remove(.route(key))
        default:
            // The loader refuses it; the differ pairs the database's row once and creates the other.
            desired.routes.append(desired.routes[index])
        }
        let routeParts = Self.pairedInParts((desired, actual), parts: 16)
        let paired = Set(routeParts.unchanged.indices.filter { !routeParts.unchanged[$0] })
        #expect(paired == Set(involved.map { $0.part(of: 16) }))
    }

    /// A route's digest changes exactly when the differ sees a change: every property of a route
    /// changed in turn (a property the differ starts comparing without the digest fails here).
    @Test func aRouteDigestChangesExactlyWhenTheDifferSeesAChange() {
        let route = Route(key: RouteKey(channel: .vocal, key: "+33123456789"), tenantID: 7, isActive: true)
        let differ = PlanContext(desired: DesiredState(), actual: ActualState(), secrets: ResolvedSecrets(), encryptionKeyID: nil).routeDiffer
        let changes: [(String, (inout Route) -> Void)] = [
            ("tenant", { $0.tenantID = 8 }), ("active", { $0.isActive = false }),
            ("key", { $0.key.key = "+33123456788" }), ("channel", { $0.key.channel = .whatsapp }),
            ("keepInvalid", { $0.keepsInvalidKey = true }), ("protect", { $0.isProtected = true }),
            ("location", { $0.location = SourceLocation(file: "tenants.d/a.yaml", line: 3, column: 5) }),
        ]
        for (name, change) in changes {
            var changed = route
            change(&changed)
            let differs = changed.key != route.key || !differ.fields(route, changed).isEmpty
            #expect((changed.digestHashes.row != route.digestHashes.row) == differs, "\(name)")
            #expect((changed.digestHashes.key != route.digestHashes.key) == (changed.key != route.key), "\(name)")
        }
    }
}
