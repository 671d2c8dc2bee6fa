import Testing
import SwitchboardLoader
import SwitchboardModel
@testable import SwitchboardPlan

/// Each risk of DESIGN §3 "Risks and policy", and a plan that mixes them, in the three formats
/// (golden files), then the policy's outcomes. A scenario is two sets of files: the database holds
/// the first, applied and managed; the plan brings it to the second.
struct RiskGoldenTests {
    static let trunks = """
        sipAccounts:
          - {label: Trunk 01, trunkUri: "sip:a@p.example", default: true, workflows: [accueil]}
          - {label: Trunk 02, trunkUri: "sip:b@p.example", workflows: [support]}

        """
    static let acme = """
        tenant: {id: 42, slug: acme, name: Acme}
        routes:
          vocal: ["+33 1 00 00 00 42"]
          whatsapp: ["+33 6 00 00 00 42"]
          web: [widget-key-tenant-42]
        channels:
          phone: {enabled: true}
          whatsapp: {connectionMethod: manual, whatsappNumber: "+33 6 00 00 00 42", phoneNumberId: "42", apiToken: tok}

        """
    static let bistrot = "tenant: {id: 57, slug: bistrot, name: Bistrot}\nroutes:\n  vocal: [\"+33 1 00 00 00 57\"]\n"

    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var before: [String: String]
        var after: [String: String]
        var testDescription: String { name }
    }

    static let base = ["acme.yaml": acme, "bistrot.yaml": bistrot, "trunks.yaml": trunks]

    static func changed(_ file: String, _ from: String, _ to: String) -> [String: String] {
        var files = base
        files[file] = files[file]!.replacingOccurrences(of: from, with: to)
        return files
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "risk-tenantMove", before: base,
                 after: changed("acme.yaml", "vocal: [\"+33 1 00 00 00 42\"]", "vocal: []")
                    .merging(["bistrot.yaml": bistrot.replacingOccurrences(of: "vocal: [", with: "vocal: [\"+33 1 00 00 00 42\", ")]) { $1 }),
        Scenario(name: "risk-routeToInactiveTenant",
                 before: changed("bistrot.yaml", "name: Bistrot}", "name: Bistrot, active: false}"),
                 after: changed("bistrot.yaml", "name: Bistrot}", "name: Bistrot, active: false}")
                    .merging(["bistrot.yaml": bistrot.replacingOccurrences(of: "name: Bistrot}", with: "name: Bistrot, active: false}")
                        .replacingOccurrences(of: "\"+33 1 00 00 00 57\"", with: "\"+33 1 00 00 00 57\", \"+33 1 00 00 00 58\"")]) { $1 }),
        Scenario(name: "risk-routeToDisabledChannel", before: base,
                 after: changed("acme.yaml", "phone: {enabled: true}", "phone: {enabled: false}")),
        Scenario(name: "risk-whatsappNumberMismatch", before: base,
                 after: changed("acme.yaml", "whatsapp: [\"+33 6 00 00 00 42\"]", "whatsapp: [\"+33 6 00 00 00 43\"]")),
        Scenario(name: "risk-defaultTrunkChange", before: base,
                 after: changed("trunks.yaml", "default: true, workflows: [accueil]}", "workflows: [accueil]}")
                    .merging(["trunks.yaml": trunks.replacingOccurrences(of: ", default: true", with: "")
                        .replacingOccurrences(of: "workflows: [support]}", with: "default: true, workflows: [support]}")]) { $1 }),
        Scenario(name: "risk-trunkDropsBindings", before: base,
                 after: changed("trunks.yaml", "  - {label: Trunk 02, trunkUri: \"sip:b@p.example\", workflows: [support]}\n", "")),
        Scenario(name: "risk-workflowOnLegacyTrunk", before: base,
                 after: changed("trunks.yaml", trunks, "sipAccounts: []\n")),
        Scenario(name: "risk-webKeyRemoved", before: base,
                 after: changed("acme.yaml", "  web: [widget-key-tenant-42]\n", "")),
        Scenario(name: "risk-tenantDeactivated", before: base,
                 after: changed("bistrot.yaml", "name: Bistrot}", "name: Bistrot, active: false}")),
        Scenario(name: "risk-mixed", before: base,
                 after: changed("acme.yaml", "  web: [widget-key-tenant-42]\n", "")
                    .merging(["bistrot.yaml": bistrot.replacingOccurrences(of: "name: Bistrot}", with: "name: Bistrot, active: false}"),
                              "trunks.yaml": trunks.replacingOccurrences(of: "  - {label: Trunk 02, trunkUri: \"sip:b@p.example\", workflows: [support]}\n", with: "")]) { $1 }),
    ]

    static func load(_ files: [String: String]) -> DesiredState {
        let result = DirectoryLoader.load(sources: files.map { ("tenants.d/" + $0.key, $0.value) })
        precondition(result.isValid, "\(result.diagnostics)")
        return result.state
    }

    static let secrets = ResolvedSecrets([:])

    /// The database after applying `files`: every row there, managed, the workflows known.
    static func applied(_ files: [String: String]) -> ActualState {
        PlanScenarios.applied(load(files), secrets: secrets)
    }

    static func plan(_ scenario: Scenario, policy: PlanPolicy = PlanPolicy(maxDeletes: .percent(100))) -> Plan {
        var policy = policy
        policy.encryptionKeyID = "k1"
        return Planner.plan(desired: load(scenario.after), actual: applied(scenario.before), secrets: secrets, policy: policy)
    }

    static let header = PlanHeader(directory: "tenants.d", fileCount: 3, database: "postgres://app@db:5432/platform")

    @Test(arguments: scenarios)
    func namesTheRiskInEveryFormat(_ scenario: Scenario) throws {
        let plan = Self.plan(scenario)
        let expected = scenario.name.hasPrefix("risk-mixed") ? nil : RiskCode(rawValue: String(scenario.name.dropFirst("risk-".count)))
        if let expected { #expect(plan.risks.map(\.code).contains(expected), "\(plan.risks)") }
        try Golden.check(TextPlanRenderer.render(plan, header: Self.header), "\(scenario.name).txt")
        try Golden.check(MarkdownPlanRenderer.render(plan, header: Self.header), "\(scenario.name).md")
        try Golden.check(JSONPlanRenderer.render(plan, header: Self.header), "\(scenario.name).json")
    }

    @Test func aPlanWithoutRiskNamesNone() {
        #expect(Self.plan(Scenario(name: "none", before: Self.base, after: Self.base)).risks.isEmpty)
        let rename = Self.plan(Scenario(name: "rename", before: Self.base, after: Self.changed("acme.yaml", "name: Acme}", "name: Acme SARL}")))
        #expect(rename.risks.isEmpty)
        #expect(!rename.isEmpty)
    }

    /// allow (not shown), warn (shown, applies), refuse (refusal, exit 3 at the CLI), and --allow
    /// one code (shown as allowed once, applies).
    @Test func policyDecides() {
        let move = Self.scenarios[0]
        var allow = PlanPolicy(maxDeletes: .percent(100))
        allow.riskLevels = [.tenantMove: .allow]
        #expect(Self.plan(move, policy: allow).risks.isEmpty)
        #expect(Self.plan(move, policy: allow).refusal == nil)

        let warned = Self.plan(move)
        #expect(warned.risks.map(\.decision) == [.warn])
        #expect(warned.refusal == nil)

        var refuse = PlanPolicy(maxDeletes: .percent(100))
        refuse.riskLevels = [.tenantMove: .refuse]
        let refused = Self.plan(move, policy: refuse)
        #expect(refused.risks.map(\.decision) == [.refuse])
        #expect(refused.refusal == "refused by policy: tenantMove (1 row); to apply it once, re-run with --allow tenantMove")

        refuse.allowedRisks = [.tenantMove]
        let once = Self.plan(move, policy: refuse)
        #expect(once.risks.map(\.decision) == [.allowedOnce])
        #expect(once.refusal == nil)

        // trunkDropsBindings is refused by default.
        let dropped = Self.plan(Self.scenarios.first { $0.name == "risk-trunkDropsBindings" }!)
        #expect(dropped.risks.first { $0.code == .trunkDropsBindings }?.decision == .refuse)
        #expect(dropped.refusal?.contains("--allow trunkDropsBindings") == true)
    }
}
