import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// Renaming a trunk (issue "Plans a reviewer can approve safely"): with `renamedFrom` it is one
/// update of the same row, its id and workflow bindings kept; without it, the plan names the
/// bindings it would drop and the default policy refuses it.
struct AccountRenameTests {
    static let accounts = """
        sipAccounts:
          - {label: Trunk A, trunkUri: "sip:a@p.example", default: true, workflows: [accueil]}
          - {label: Trunk B, trunkUri: "sip:b@p.example"}

        """

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aRenameKeepsTheRowAndItsBindings(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: [
            "tenants.d/default.yaml": SIPReloadTests.tenant, "tenants.d/sip.yaml": Self.accounts,
        ])
        let serial = dialect == .postgres ? "SERIAL" : "INTEGER"
        try setup.execute("""
            CREATE TABLE workflows (id \(serial) PRIMARY KEY, slug TEXT NOT NULL);
            CREATE TABLE workflow_definitions (id \(serial) PRIMARY KEY, workflow_id INTEGER NOT NULL REFERENCES workflows(id), version INTEGER NOT NULL);
            INSERT INTO workflows (id, slug) VALUES (1, 'accueil'), (2, 'support');
            INSERT INTO workflow_definitions (workflow_id, version) VALUES (1, 1), (2, 1), (2, 2);
            """)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        let idBefore = try scalar(setup, "SELECT id FROM sip_accounts WHERE label = 'Trunk B'")
        // support is bound to Trunk B through the platform's admin, not in the files.
        try setup.execute("UPDATE workflow_definitions SET sip_account_id = \(idBefore ?? "0") WHERE workflow_id = 2")

        // Without renamedFrom: a delete and a create, which would unbind support; refused.
        try setup.write("tenants.d/sip.yaml", Self.accounts.replacingOccurrences(of: "label: Trunk B,", with: "label: Trunk Beta,"))
        let before = try setup.snapshot()
        let refused = try setup.switchboard(["reconcile", "--allow-deletes"])
        #expect(refused.status == 3)
        #expect(refused.stdout.contains("""
            ✗ trunkDropsBindings (refused)  "Trunk B"  deleted while workflow support is bound to it: its calls go to 'Trunk A' \
            (a rename? write renamedFrom: "Trunk B" on 'Trunk Beta' to keep its id and bindings)
            """), "\(refused.stdout)")
        #expect(try setup.snapshot() == before)

        // With it: one update of the same row.
        try setup.write("tenants.d/sip.yaml", Self.accounts.replacingOccurrences(
            of: "label: Trunk B,", with: "label: Trunk Beta, renamedFrom: Trunk B,"))
        let plan = try setup.switchboard(["plan"])
        #expect(plan.stdout.contains("~ sip      \"Trunk Beta\"  label \"Trunk B\" → \"Trunk Beta\""), "\(plan.stdout)")
        #expect(!plan.stdout.contains("Risks"))
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to delete. SIP reload: yes."))
        let renamed = try setup.switchboard(["reconcile"])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(try scalar(setup, "SELECT id FROM sip_accounts WHERE label = 'Trunk Beta'") == idBefore)
        #expect(try scalar(setup, "SELECT count(*) FROM sip_accounts WHERE label = 'Trunk B'") == "0")
        #expect(try scalar(setup, """
            SELECT count(*) FROM workflow_definitions wd JOIN workflows w ON w.id = wd.workflow_id
            WHERE w.slug = 'support' AND wd.sip_account_id = \(idBefore ?? "0")
            """) == "2")
        #expect(try scalar(setup, "SELECT count(*) FROM switchboard_managed WHERE kind = 'sipAccounts' AND key = 'Trunk Beta'") == "1")
        #expect(try scalar(setup, "SELECT count(*) FROM switchboard_managed WHERE kind = 'sipAccounts' AND key = 'Trunk B'") == "0")
        // Done: the files (renamedFrom still written) plan nothing more.
        #expect(try setup.switchboard(["plan", "--detailed-exitcode"]).status == 0)
    }

    private func scalar(_ setup: ReconcileEndToEndTests.Setup, _ sql: String) throws -> String? {
        let connection = try setup.database.connect()
        defer { connection.close() }
        return try connection.scalar(sql)
    }
}
