import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// What a reviewer approves, end to end (issue "Plans a reviewer can approve safely"): risks in the
/// plan, the policy's refusal with exit 3 and nothing written, `--allow` for one run, the plan shown
/// before it is applied, the whole plan in files.
struct PlanReviewEndToEndTests {
    static let moved = ReconcileEndToEndTests.files["tenants.d/acme.yaml"]!
        .replacingOccurrences(of: "vocal: [\"+33 1 00 00 00 42\", \"+33 1 00 00 00 43\"]", with: "vocal: [\"+33 1 00 00 00 42\"]")
    static let defaultTenant = "tenant: {id: 1, slug: default, name: Plateforme}\nroutes: {vocal: [\"+33 1 00 00 00 00\", \"+33 1 00 00 00 43\"]}\n"

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aRefusedRiskStopsTheApplyAndAllowLetsItThroughOnce(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        try setup.write("tenants.d/acme.yaml", Self.moved)
        try setup.write("tenants.d/default.yaml", Self.defaultTenant)

        // The default policy warns.
        let plan = try setup.switchboard(["plan", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("  ! tenantMove (warn)  vocal +33100000043  moves from tenant 42 acme to 1 default  tenants.d/default.yaml:2"))

        try setup.write("switchboard.yaml", "policy: {tenantMove: refuse}\n")
        let before = try setup.snapshot()
        let refused = try setup.switchboard(["reconcile"])
        #expect(refused.status == 3)
        #expect(refused.stdout.contains("  ✗ tenantMove (refused)  vocal +33100000043  moves from tenant 42 acme to 1 default"))
        #expect(refused.stdout.contains("Refused: refused by policy: tenantMove (1 row); to apply it once, re-run with --allow tenantMove"))
        #expect(try setup.snapshot() == before)

        let json = try setup.switchboard(["plan", "--format", "json"])
        #expect(json.status == 3)
        #expect(json.stdout.contains("\"code\" : \"tenantMove\""))
        #expect(json.stdout.contains("\"decision\" : \"refuse\""))

        let allowed = try setup.switchboard(["reconcile", "--allow", "tenantMove"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("  ! tenantMove (allowed once)  vocal +33100000043"))
        let connection = try setup.database.connect()
        defer { connection.close() }
        let key = dialect == .sqlite ? "did_key" : "key"
        #expect(try connection.scalar("SELECT tenant_id FROM tenant_routing WHERE \(key) = '+33100000043'") == "1")

        let unknown = try setup.switchboard(["plan", "--allow", "everything"])
        #expect(unknown.status == 64)
    }

    @Test func reconcileShowsThePlanBeforeApplyingItAndWritesTheWholePlanToFiles() throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite)
        let outcome = try setup.switchboard(["reconcile", "--out-markdown", "plan.md", "--out-text", "plan.txt"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try #require(outcome.stdout.range(of: "Plan: 9 to add, 0 to change, 0 to delete. SIP reload: yes.\n"))
        let applying = try #require(outcome.stdout.range(of: "Applying… done in "))
        #expect(summary.upperBound == applying.lowerBound)
        let markdown = try String(contentsOfFile: setup.root + "/plan.md", encoding: .utf8)
        #expect(markdown.hasPrefix("### switchboard plan: 9 to add, 0 to change, 0 to delete"))
        let text = try String(contentsOfFile: setup.root + "/plan.txt", encoding: .utf8)
        #expect(text.contains("+ route    vocal +33100000042"))
        #expect(!outcome.stderr.contains("\u{1B}[K"))  // no progress line when standard error is not a terminal

        // A pull-request comment names the database, never its host or path.
        let named = try setup.switchboard(["plan", "--format", "markdown", "--database-name", "production", "--out-markdown", "full.md"])
        #expect(named.stdout.contains("→ `production` · SIP reload"))
        #expect(!named.stdout.contains(setup.database.url) && !named.stdout.contains("sqlite:"))
        #expect(!(try String(contentsOfFile: setup.root + "/full.md", encoding: .utf8)).contains("sqlite:"))
    }
}
