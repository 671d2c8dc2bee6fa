import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// SIP accounts end to end: a trunk change makes exactly one NOTIFY (real LISTEN) and one
/// authenticated POST (real HTTP listener); nothing else does; a failed hook stays pending until
/// `switchboard reload` delivers it; bindings follow the files.
struct SIPReloadTests {
    static let tenant = "tenant: {id: 1, slug: default, name: Plateforme}\nroutes: {vocal: [\"+33 1 00 00 00 00\"]}\n"
    static let trunk = "sipAccounts:\n  - {label: Trunk A, trunkUri: \"sip:a@p.example\", password: {env: SB_TRUNK_PW}, default: true}\n"
    static let environment = ["SB_TRUNK_PW": "trunk-Password-1", "SB_RELOAD_TOKEN": "reload-token-xyz"]

    static func settings(url: String, notify: Bool = true) -> String {
        """
        hooks:
          sipReload:
        \(notify ? "    notify: sip_accounts_changed\n" : "")    http: {url: "\(url)", tokenEnv: SB_RELOAD_TOKEN, timeout: 2s, retries: 0}

        """
    }

    @Test func trunkChangeMakesOneNotifyAndOnePostAndRouteChangesNone() throws {
        let listener = try ReloadListener()
        let setup = try ReconcileEndToEndTests.Setup(.postgres, files: [
            "switchboard.yaml": Self.settings(url: listener.url), "tenants.d/default.yaml": Self.tenant, "tenants.d/sip.yaml": Self.trunk,
        ])
        #expect(try setup.switchboard(["migrate"]).status == 0)
        let listening = try PostgresConnection(setup.database.target)
        try listening.listen("sip_accounts_changed")

        let first = try setup.switchboard(["reconcile"], environment: Self.environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("SIP reload: NOTIFY sip_accounts_changed sent with the commit"))
        #expect(first.stderr.contains("SIP reload: POST \(listener.url): 200"))
        let notifications = try listening.notifications(waitingUpTo: 1)
        #expect(notifications.count == 1)
        #expect(notifications.first?.payload.contains("\"sipAccounts\":[\"Trunk A\"]") == true)
        #expect(listener.requests.count == 1)
        #expect(listener.requests.first?.authorization == "Bearer reload-token-xyz")
        #expect(listener.requests.first?.body.contains("\"sipAccounts\":[\"Trunk A\"]") == true)

        // A route-only change: neither.
        try setup.write("tenants.d/default.yaml", "tenant: {id: 1, slug: default, name: Plateforme}\nroutes: {vocal: [\"+33 1 00 00 00 01\"]}\n")
        let routeOnly = try setup.switchboard(["reconcile", "--allow-deletes"], environment: Self.environment)
        #expect(routeOnly.status == 0)
        #expect(routeOnly.stdout.contains("SIP reload: no."))
        #expect(try listening.notifications(waitingUpTo: 0.5).isEmpty)
        #expect(listener.requests.count == 1)

        // A password rotation: planned as sensitive, never printed, and it reloads.
        var rotated = Self.environment
        rotated["SB_TRUNK_PW"] = "trunk-Password-2"
        let plan = try setup.switchboard(["plan"], environment: rotated)
        #expect(plan.stdout.contains("~ sip      \"Trunk A\"  password (sensitive)"))
        let rotation = try setup.switchboard(["reconcile"], environment: rotated)
        #expect(rotation.status == 0)
        #expect(try listening.notifications(waitingUpTo: 1).count == 1)
        #expect(listener.requests.count == 2)
        for output in [first, routeOnly, plan, rotation] {
            for secret in ["trunk-Password-1", "trunk-Password-2", "reload-token-xyz"] {
                #expect(!(output.stdout + output.stderr).contains(secret))
            }
        }
        listening.close()
        listener.stop()
    }

    @Test(arguments: [SQLDialect.postgres, .sqlite])
    func hookThatIsDownLeavesAPendingReloadThatReloadDelivers(_ dialect: SQLDialect) throws {
        let port = try ReloadListener.freePort()
        let url = "http://127.0.0.1:\(port)/api/admin/sip-accounts/reload"
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: [
            "switchboard.yaml": Self.settings(url: url, notify: dialect == .postgres),
            "tenants.d/default.yaml": Self.tenant, "tenants.d/sip.yaml": Self.trunk,
        ])
        let failed = try setup.switchboard(["reconcile"], environment: Self.environment)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: the changes are committed, but the SIP reload failed: it is recorded as pending; run `switchboard reload` once the SIP manager is reachable"))
        #expect(try setup.count("sip_accounts") == 1)
        #expect(try pending(setup) == 1)

        let listener = try ReloadListener(port: port)
        let reload = try setup.switchboard(["reload"], environment: Self.environment)
        #expect(reload.status == 0, "\(reload.stderr)")
        #expect(reload.stdout == "SIP reload delivered; 1 pending reload(s) cleared.\n")
        #expect(listener.requests.count == 1)
        #expect(listener.requests.first?.authorization == "Bearer reload-token-xyz")
        // On demand, the payload names what the SIP manager reloads: every active account and bound workflow.
        let body = try #require(try JSONSerialization.jsonObject(with: Data((listener.requests.first?.body ?? "").utf8)) as? [String: Any])
        #expect(body["reason"] as? String == "manual")
        #expect(body["sipAccounts"] as? [String] == ["Trunk A"])
        #expect(body["workflows"] as? [String] == [])
        #expect(try pending(setup) == 0)
        listener.stop()
    }

    @Test func sqliteSaysNotifyIsUnsupportedAndRunsTheOtherHooks() throws {
        let listener = try ReloadListener()
        let setup = try ReconcileEndToEndTests.Setup(.sqlite, files: [
            "switchboard.yaml": Self.settings(url: listener.url), "tenants.d/default.yaml": Self.tenant, "tenants.d/sip.yaml": Self.trunk,
        ])
        let outcome = try setup.switchboard(["reconcile"], environment: Self.environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("SIP reload: hooks.sipReload.notify needs PostgreSQL (LISTEN/NOTIFY); sqlite:"))
        #expect(listener.requests.count == 1)
        listener.stop()
    }

    /// Bindings follow the files on both databases, including unbinding, with the platform's tables.
    @Test(arguments: [SQLDialect.postgres, .sqlite])
    func bindingsFollowTheFiles(_ dialect: SQLDialect) throws {
        let accounts = """
            sipAccounts:
              - {label: Trunk A, trunkUri: "sip:a@p.example", default: true, workflows: [accueil]}
              - {label: Trunk B, trunkUri: "sip:b@p.example", workflows: [support]}

            """
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: ["tenants.d/default.yaml": Self.tenant, "tenants.d/sip.yaml": accounts])
        let serial = dialect == .postgres ? "SERIAL" : "INTEGER"
        try setup.execute("""
            CREATE TABLE workflows (id \(serial) PRIMARY KEY, slug TEXT NOT NULL);
            CREATE TABLE workflow_definitions (id \(serial) PRIMARY KEY, workflow_id INTEGER NOT NULL REFERENCES workflows(id), version INTEGER NOT NULL);
            INSERT INTO workflows (id, slug) VALUES (1, 'accueil'), (2, 'support'), (3, 'commercial');
            INSERT INTO workflow_definitions (workflow_id, version) VALUES (1, 1), (1, 2), (2, 1), (3, 1);
            """)
        let first = try setup.switchboard(["reconcile"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("+ workflow support  account \"Trunk B\", calls use \"Trunk B\""))
        #expect(try bindings(setup) == ["accueil 1 Trunk A", "accueil 2 Trunk A", "commercial 1 -", "support 1 Trunk B"])

        // support is unbound (falls back to the default trunk); commercial is bound to B.
        try setup.write("tenants.d/sip.yaml", accounts.replacingOccurrences(of: "workflows: [support]", with: "workflows: [commercial]"))
        let plan = try setup.switchboard(["plan"])
        #expect(plan.stdout.contains("+ workflow commercial  account \"Trunk B\", calls use \"Trunk B\""))
        #expect(plan.stdout.contains("- workflow support  unbound from \"Trunk B\", calls use \"Trunk A\""))
        let second = try setup.switchboard(["reconcile", "--allow-deletes"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try bindings(setup) == ["accueil 1 Trunk A", "accueil 2 Trunk A", "commercial 1 Trunk B", "support 1 -"])

        // A slug the database does not know is an error at its line; nothing is written.
        try setup.write("tenants.d/sip.yaml", accounts.replacingOccurrences(of: "workflows: [support]", with: "workflows: [suport]"))
        let unknown = try setup.switchboard(["reconcile"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("tenants.d/sip.yaml:3:63: error: workflow 'suport' does not exist in the database"))
        #expect(try bindings(setup) == ["accueil 1 Trunk A", "accueil 2 Trunk A", "commercial 1 Trunk B", "support 1 -"])
    }

    private func pending(_ setup: ReconcileEndToEndTests.Setup) throws -> Int {
        let connection = try setup.database.connect()
        defer { connection.close() }
        return try ReloadLedger(connection: connection).pendingCount()
    }

    /// "slug version account" for every workflow definition.
    private func bindings(_ setup: ReconcileEndToEndTests.Setup) throws -> [String] {
        let connection = try setup.database.connect()
        defer { connection.close() }
        return try connection.rows("""
            SELECT w.slug, wd.version, sa.label FROM workflow_definitions wd JOIN workflows w ON w.id = wd.workflow_id
            LEFT JOIN sip_accounts sa ON sa.id = wd.sip_account_id ORDER BY w.slug, wd.version
            """).map { "\($0[0]!) \($0[1]!) \($0[2] ?? "-")" }
    }
}
