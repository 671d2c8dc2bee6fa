import SwitchboardModel
import Testing

/// What a target carries of the files, and of a part of them (an edit's rows).
struct TargetSelectionTests {
    static func tenant(_ id: Int64, region: String) -> Tenant {
        var tenant = Tenant(id: id, slug: "t\(id)", name: "T\(id)")
        tenant.labels = ["region": region]
        return tenant
    }

    static let whole = DesiredState(
        tenants: [tenant(10, region: "eu"), tenant(20, region: "us")],
        routes: [Route(key: RouteKey(channel: .web, key: "eu-widget-key-0001"), tenantID: 10),
                 Route(key: RouteKey(channel: .web, key: "us-widget-key-0001"), tenantID: 20)],
        sipAccounts: [SIPAccount(label: "Trunk EU", trunkURI: "sip:eu@t.example"), SIPAccount(label: "Trunk US", trunkURI: "sip:us@t.example")],
        workflowBindings: [WorkflowBinding(workflowSlug: "eu-flow", accountLabel: "Trunk EU"),
                           WorkflowBinding(workflowSlug: "us-flow", accountLabel: "Trunk US")])

    static var europe: Target {
        var target = Target(name: "eu-west", database: "sqlite:eu.db")
        target.tenants = TenantSelector(labels: ["region": ["eu"]])
        target.sipAccounts = .labels(["Trunk EU"])
        return target
    }

    @Test func aTargetCarriesItsTenantsRowsItsAccountsAndTheirBindings() {
        let selected = Self.europe.select(Self.whole)
        #expect(selected.tenants.map(\.id) == [10])
        #expect(selected.routes.map(\.key.key) == ["eu-widget-key-0001"])
        #expect(selected.sipAccounts.map(\.label) == ["Trunk EU"])
        #expect(selected.workflowBindings.map(\.workflowSlug) == ["eu-flow"])
    }

    /// An edit's part can hold a route whose tenant it does not hold (the daemon's scope): the
    /// target's tenants are those of all the files, not of the part.
    @Test func aPartIsSelectedByTheTenantsOfAllTheFiles() {
        let part = DesiredState(routes: [Self.whole.routes[0]], sipAccounts: Self.whole.sipAccounts)
        let carried = Self.europe.tenantIDs(in: Self.whole)
        #expect(Self.europe.select(part, tenants: carried).routes.map(\.key.key) == ["eu-widget-key-0001"])
        #expect(Self.europe.select(part).routes.isEmpty, "the part alone does not say whose the route is")
    }

    @Test func everyTenantAndEveryAccountIsTheWholeState() {
        let all = Target(name: "staging", database: "sqlite:s.db")
        #expect(all.select(Self.whole) == Self.whole)
    }
}
