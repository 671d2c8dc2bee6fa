import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// The plan in text, markdown and JSON for the scenarios of DESIGN §3, against golden files.
struct PlanGoldenTests {
    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var actual: ActualState
        var policy = PlanPolicy()
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = {
        var moved = PlanScenarios.inSync
        moved.routes = moved.routes.map { $0.key.key == "+33100000042" ? PlanScenarios.route(.vocal, "+33100000042", tenant: 1) : $0 }

        var renamed = PlanScenarios.inSync
        renamed.tenants = renamed.tenants.map { $0.id == 42 ? Tenant(id: 42, slug: "acme-old", name: "Acme") : $0 }
        renamed.sipAccounts[0].password = .literal("pw-old")

        var unmanaged = PlanScenarios.inSync
        unmanaged.routes.append(PlanScenarios.route(.vocal, "+33199999999", tenant: 42))
        unmanaged.routes.append(PlanScenarios.route(.web, "hand-made-widget-key", tenant: 1))

        // One route switchboard manages and no file declares any more, one made by hand.
        var prunable = unmanaged
        let gone = PlanScenarios.route(.whatsapp, "+33600000001", tenant: 42)
        prunable.routes.append(gone)
        prunable.managed.insert(.route(gone.key))

        var overDeleting = PlanScenarios.inSync
        for index in 0..<8 {
            let route = PlanScenarios.route(.vocal, "+3310000010\(index)", tenant: 42)
            overDeleting.routes.append(route)
            overDeleting.managed.insert(.route(route.key))
        }

        var takeover = PlanScenarios.empty
        takeover.tenants = [Tenant(id: 42, slug: "acme", name: "Acme Plomberie")]
        takeover.routes = [PlanScenarios.route(.whatsapp, "+33939240575", tenant: 1)]

        return [
            Scenario(name: "first-apply", actual: PlanScenarios.empty),
            Scenario(name: "no-change", actual: PlanScenarios.inSync),
            Scenario(name: "move-number", actual: moved),
            Scenario(name: "rename-tenant", actual: renamed),
            Scenario(name: "unmanaged-row", actual: unmanaged),
            Scenario(name: "takeover", actual: takeover),
            Scenario(name: "prune-owned", actual: prunable, policy: PlanPolicy(prune: [.routes: .owned], maxDeletes: .count(5))),
            Scenario(name: "prune-all", actual: prunable, policy: PlanPolicy(prune: [.routes: .all], maxDeletes: .count(5))),
            Scenario(name: "prune-none", actual: prunable, policy: PlanPolicy(prune: [.routes: .none], maxDeletes: .count(5))),
            Scenario(name: "guard-refusal", actual: overDeleting),
        ]
    }()

    @Test(arguments: scenarios)
    func rendersAsTheGoldenFilesSay(_ scenario: Scenario) throws {
        let plan = Planner.plan(desired: PlanScenarios.desired, actual: scenario.actual, secrets: PlanScenarios.secrets,
                                policy: scenario.policy)
        try Golden.check(TextPlanRenderer.render(plan, header: PlanScenarios.header), "\(scenario.name).txt")
        try Golden.check(MarkdownPlanRenderer.render(plan, header: PlanScenarios.header), "\(scenario.name).md")
        try Golden.check(JSONPlanRenderer.render(plan, header: PlanScenarios.header), "\(scenario.name).json")
    }
}
