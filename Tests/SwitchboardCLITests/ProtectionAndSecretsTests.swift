import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// Protected rows and secrets a dry run cannot read (issue "Plans a reviewer can approve safely"):
/// both judged against what the last apply recorded in `switchboard_managed`.
struct ProtectionAndSecretsTests {
    static let protectedDefault = """
        tenant: {id: 1, slug: default, name: Plateforme, protect: true}
        routes:
          vocal: ["+33 1 00 00 00 00"]
          whatsapp: [{key: "+33 9 39 24 05 75", protect: true}]

        """

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aProtectedRowIsNeitherDeletedNorMovedNorDeactivatedWithoutAllowProtected(_ dialect: SQLDialect) throws {
        var files = ReconcileEndToEndTests.files
        files["tenants.d/default.yaml"] = Self.protectedDefault
        files["tenants.d/acme.yaml"] = files["tenants.d/acme.yaml"]!.replacingOccurrences(of: "  whatsapp: [+33939240575]\n", with: "")
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: files)
        let first = try setup.switchboard(["reconcile"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("+ route    whatsapp +33939240575  tenant 1 default  [protected]"), "\(first.stdout)")
        let connection = try setup.database.connect()
        defer { connection.close() }
        let truth = dialect == .postgres ? "true" : "1"
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_managed WHERE protected = \(truth)") == "2")

        // A pull request deletes the entry, and with it its protect: true. The record remembers.
        try setup.write("tenants.d/default.yaml", "tenant: {id: 1, slug: default, name: Plateforme, protect: true}\nroutes: {vocal: [\"+33 1 00 00 00 00\"]}\n")
        let before = try setup.snapshot()
        let deleted = try setup.switchboard(["reconcile", "--allow-deletes"])
        #expect(deleted.status == 3)
        #expect(deleted.stdout.contains("Refused: refusing to change protected rows: delete route whatsapp +33939240575; re-run with --allow-protected if this is intended"))
        #expect(try setup.snapshot() == before)

        // Moved to another tenant, or the tenant deactivated: refused too.
        try setup.write("tenants.d/default.yaml", "tenant: {id: 1, slug: default, name: Plateforme, protect: true}\nroutes: {vocal: [\"+33 1 00 00 00 00\"]}\n")
        try setup.write("tenants.d/acme.yaml", files["tenants.d/acme.yaml"]!.replacingOccurrences(of: "  web:", with: "  whatsapp: [\"+33939240575\"]\n  web:"))
        let moved = try setup.switchboard(["reconcile"])
        #expect(moved.status == 3)
        #expect(moved.stdout.contains("move route whatsapp +33939240575 to tenant 42 acme"))
        try setup.write("tenants.d/acme.yaml", files["tenants.d/acme.yaml"]!)
        try setup.write("tenants.d/default.yaml", Self.protectedDefault.replacingOccurrences(of: "name: Plateforme,", with: "name: Plateforme, active: false,"))
        let deactivated = try setup.switchboard(["reconcile"])
        #expect(deactivated.status == 3)
        #expect(deactivated.stdout.contains("refusing to change protected rows: deactivate tenant 1"))
        #expect(try setup.snapshot() == before)

        // --allow-protected: this run may.
        try setup.write("tenants.d/default.yaml", "tenant: {id: 1, slug: default, name: Plateforme}\nroutes: {vocal: [\"+33 1 00 00 00 00\"]}\n")
        let allowed = try setup.switchboard(["reconcile", "--allow-deletes", "--allow-protected"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.contains("* protect lifted from tenant 1"))
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_managed WHERE protected = \(truth)") == "0")
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aDryRunWithoutTheSecretsNeverHidesAChangedReference(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)

        // CI: the secret is not set. The reference is the one applied: nothing to claim, but said.
        let unchanged = try setup.switchboard(["plan", "--detailed-exitcode"], environment: [:])
        #expect(unchanged.status == 0, "\(unchanged.stdout)")
        #expect(unchanged.stdout.contains("Plan: 0 to add, 0 to change, 0 to delete. SIP reload: possible.\n1 secret not readable here: a change of its value shows only at apply.\n"))

        // The pull request points the trunk at another variable: a change, shown, counted, reloading.
        try setup.write("tenants.d/sip.yaml", ReconcileEndToEndTests.files["tenants.d/sip.yaml"]!.replacingOccurrences(of: "SB_TEST_TRUNK_PW", with: "SB_OTHER_TRUNK_PW"))
        let changed = try setup.switchboard(["plan", "--detailed-exitcode"], environment: [:])
        #expect(changed.status == 2)
        #expect(changed.stdout.contains("~ sip      \"Trunk A\"  password (unknown until apply)"), "\(changed.stdout)")
        #expect(changed.stdout.contains("Plan: 0 to add, 1 to change, 0 to delete. SIP reload: yes."))
        let markdown = try setup.switchboard(["plan", "--format", "markdown"], environment: [:])
        #expect(markdown.stdout.contains("password (unknown until apply)"))

        // Applied with the same value under the new name: no row change, the reference recorded.
        let applied = try setup.switchboard(["reconcile"], environment: ["SB_OTHER_TRUNK_PW": "trunk-secret-1"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try setup.switchboard(["plan", "--detailed-exitcode"], environment: [:]).status == 0)
    }
}
