import Foundation
import SwitchboardStore
import SwitchboardTestSupport
import Testing

/// `targets:` (DESIGN §9) end to end: three PostgreSQL databases (two regions in wave 1, one in
/// wave 2) and one SQLite file, driven from one folder.
@Suite(.serialized)
struct TargetsTests {
    static let settings = """
        directory: tenants.d
        defaultRegion: FR
        guard: {maxDeletes: 10%}
        targets:
          eu-west: {database: "${EU_WEST_URL}", tenants: {region: eu}, sipAccounts: [Trunk EU], wave: 1}
          us-east: {database: "${US_EAST_URL}", tenants: {region: us}, sipAccounts: [Trunk US], wave: 1}
          eu-prod: {database: "${EU_PROD_URL}", tenants: {labels: {region: [eu]}}, sipAccounts: [Trunk EU], wave: 2}
          us-lab: {database: "sqlite:us-lab.db", tenants: [us-clinic], sipAccounts: all, wave: 2}

        """

    /// The same web key in an EU and a US tenant: allowed, no target carries both.
    static let files = [
        "switchboard.yaml": settings,
        "tenants.d/eu-bistro.yaml": bistro(),
        "tenants.d/eu-garage.yaml": """
            tenant: {id: 11, slug: eu-garage, name: Garage, labels: {region: eu}}
            routes:
              vocal: ["+33 1 00 00 00 11", "+33 1 00 00 00 12"]

            """,
        "tenants.d/us-clinic.yaml": clinic(name: "Clinic"),
        "tenants.d/sip-accounts.yaml": """
            sipAccounts:
              - {label: Trunk EU, trunkUri: "sip:eu@trunk.example"}
              - {label: Trunk US, trunkUri: "sip:us@trunk.example"}

            """,
    ]

    static func bistro(adding extra: String? = nil) -> String {
        """
        tenant: {id: 10, slug: eu-bistro, name: Bistro, labels: {region: eu, tier: gold}}
        routes:
          vocal: ["+33 1 00 00 00 10"\(extra.map { ", \"\($0)\"" } ?? "")]
          web: [shared-demo-widget-key-1]

        """
    }

    static func clinic(name: String) -> String {
        """
        tenant: {id: 20, slug: us-clinic, name: \(name), country: US, labels: {region: us}}
        routes:
          vocal: ["(202) 456-1111"]
          web: [shared-demo-widget-key-1]

        """
    }

    /// A folder, three PostgreSQL databases and the path of the SQLite one.
    struct Setup {
        let root: String
        let euWest: TestDatabase
        let usEast: TestDatabase
        let euProd: TestDatabase

        init(files: [String: String] = TargetsTests.files) throws {
            root = try SwitchboardProcess.folder(files)
            euWest = try TestDatabase.make(.postgres)
            usEast = try TestDatabase.make(.postgres)
            euProd = try TestDatabase.make(.postgres)
        }

        var usLab: TestDatabase { TestDatabase(engine: .sqlite, url: "sqlite:" + root + "/us-lab.db") }

        func environment(usEast url: String? = nil) -> [String: String] {
            ["EU_WEST_URL": euWest.url, "US_EAST_URL": url ?? usEast.url, "EU_PROD_URL": euProd.url]
        }

        func switchboard(_ arguments: [String]) throws -> SwitchboardProcess.Outcome {
            try SwitchboardProcess.run(arguments, in: root, environment: environment())
        }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root).appendingPathComponent(name))
        }
    }

    @Test
    func eachTargetHoldsExactlyItsTenantsRows() throws {
        let setup = try Setup()
        let plan = try setup.switchboard(["plan", "--format", "json", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets.map { $0["name"] as? String } == ["eu-west", "us-east", "eu-prod", "us-lab"])
        #expect(targets.map { $0["wave"] as? Int } == [1, 1, 2, 2])
        #expect(targets.map { ($0["summary"] as? [String: Any])?["add"] as? Int } == [7, 4, 7, 5])
        #expect((document["summary"] as? [String: Any])?["add"] as? Int == 23)
        #expect(!plan.stdout.contains("secret-test-password"), "no database password in a plan")

        let markdown = try setup.switchboard(["plan", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("**switchboard plan of 4 targets** · Total over 4 targets: 23 to add, 0 to change, 0 to delete.\n\n## Target `eu-west` (wave 1)\n\n### switchboard plan: 7 to add"),
                "\(markdown.stdout.prefix(300))")
        #expect(markdown.stdout.contains("## Target `us-lab` (wave 2)") && !markdown.stdout.contains("secret-test-password"))

        let applied = try setup.switchboard(["reconcile"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Total over 4 targets: 23 to add, 0 to change, 0 to delete (applied: eu-west, us-east, eu-prod, us-lab)."))
        #expect(!(applied.stdout + applied.stderr).contains("secret-test-password"))

        let europe = Rows(tenants: ["10", "11"], routes: ["+33100000010", "+33100000011", "+33100000012", "shared-demo-widget-key-1"],
                          accounts: ["Trunk EU"])
        #expect(try Rows(setup.euWest) == europe)
        #expect(try Rows(setup.euProd) == europe)
        #expect(try Rows(setup.usEast) == Rows(tenants: ["20"], routes: ["+12024561111", "shared-demo-widget-key-1"], accounts: ["Trunk US"]))
        #expect(try Rows(setup.usLab) == Rows(tenants: ["20"], routes: ["+12024561111", "shared-demo-widget-key-1"],
                                                accounts: ["Trunk EU", "Trunk US"]))
        // Each target records the revision it is at: one audit row each.
        for database in [setup.euWest, setup.usEast, setup.euProd, setup.usLab] { #expect(try runs(database) == 1) }

        let again = try setup.switchboard(["plan", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("Total over 4 targets: 0 to add, 0 to change, 0 to delete."))
    }

    @Test
    func aChangeToOneEUTenantTouchesOnlyTheEUTargets() throws {
        let setup = try Setup()
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        try setup.write("tenants.d/eu-bistro.yaml", Self.bistro(adding: "+33 1 00 00 00 19"))

        let plan = try setup.switchboard(["plan", "--target", "us-east", "--target", "eu-west", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("── target eu-west (wave 1)") && plan.stdout.contains("── target us-east (wave 1)"))
        #expect(!plan.stdout.contains("eu-prod"), "--target limits the plan")
        #expect(plan.stdout.contains("Total over 2 targets: 1 to add, 0 to change, 0 to delete."))

        let applied = try setup.switchboard(["reconcile"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Total over 4 targets: 2 to add, 0 to change, 0 to delete (applied: eu-west, eu-prod)."))
        for database in [setup.euWest, setup.euProd] {
            #expect(try Rows(database).routes.contains("+33100000019"))
            #expect(try runs(database) == 2)
        }
        for database in [setup.usEast, setup.usLab] {
            #expect(try !Rows(database).routes.contains("+33100000019"))
            #expect(try runs(database) == 1, "an unrelated target is not written to")
        }
    }

    @Test
    func aRefusalInWaveOneLeavesWaveTwoUntouched() throws {
        let setup = try Setup()
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        // Wave 1: eu-west refuses (a tenant and two routes out of three deleted: over guard.maxDeletes);
        // us-east applies its rename. Wave 2 runs nowhere.
        try FileManager.default.removeItem(atPath: setup.root + "/tenants.d/eu-garage.yaml")
        try setup.write("tenants.d/us-clinic.yaml", Self.clinic(name: "Clinic Renamed"))
        let refused = try setup.switchboard(["reconcile"])
        #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("error: refused in eu-west (applied: us-east; not run: eu-prod, us-lab)"), "\(refused.stderr)")
        #expect(refused.stdout.contains("not run: an earlier wave failed or was refused"))
        #expect(try Rows(setup.euWest).tenants == ["10", "11"])
        #expect(try Rows(setup.euProd).tenants == ["10", "11"], "wave 2 left as it was")
        #expect(try name(of: 20, in: setup.usEast) == "Clinic Renamed")
        #expect(try name(of: 20, in: setup.usLab) == "Clinic", "wave 2 left as it was")
        #expect(try runs(setup.euProd) == 1 && runs(setup.usLab) == 1)
    }

    @Test
    func aTargetWhoseDatabaseIsDownFailsAloneAndStopsTheLaterWaves() throws {
        let setup = try Setup()
        let proxy = try TCPProxy(to: setup.usEast.url)
        let environment = setup.environment(usEast: proxy.url)
        #expect(try SwitchboardProcess.run(["reconcile"], in: setup.root, environment: environment).status == 0)
        proxy.stop()
        try setup.write("tenants.d/eu-bistro.yaml", Self.bistro(adding: "+33 1 00 00 00 19"))
        let failed = try SwitchboardProcess.run(["reconcile"], in: setup.root, environment: environment)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: 1 target failed (applied: eu-west; not run: eu-prod, us-lab)"), "\(failed.stderr)")
        #expect(try Rows(setup.euWest).routes.contains("+33100000019"))
        #expect(try !Rows(setup.euProd).routes.contains("+33100000019"))
        #expect(!failed.stderr.contains("secret-test-password"))
    }

    @Test
    func validateChecksEveryTenantLandsAndKeysAreUniquePerTarget() throws {
        var files = Self.files
        files["tenants.d/nowhere.yaml"] = "tenant: {id: 30, slug: nowhere, name: Nowhere, labels: {region: apac}}\n"
        files["tenants.d/eu-twin.yaml"] = """
            tenant: {id: 12, slug: eu-twin, name: Twin, labels: {region: eu}}
            routes:
              web: [shared-demo-widget-key-1]

            """
        let folder = try SwitchboardProcess.folder(files)
        let validate = try SwitchboardProcess.run(["validate"], in: folder)
        #expect(validate.status == 1)
        #expect(validate.stderr.contains(
            "tenants.d/nowhere.yaml:1:14: warning: tenant 30 nowhere (labels region=apac) is in no target (eu-west, us-east, eu-prod, us-lab): no database gets its rows"),
            "\(validate.stderr)")
        #expect(validate.stderr.contains(
            "tenants.d/eu-twin.yaml:3:9: error: route web shared-demo-widget-key-1 is routed to 2 tenants in target eu-west (10 eu-bistro, 12 eu-twin): tenants.d/eu-bistro.yaml:4:9, tenants.d/eu-twin.yaml:3:9"),
            "\(validate.stderr)")
        // The same key in the US tenant is no conflict: no target carries both.
        #expect(!validate.stderr.contains("us-clinic.yaml:4"), "\(validate.stderr)")
    }

    @Test(arguments: [
        ("database: \"sqlite:a.db\"\ntargets:\n  a: {database: \"sqlite:b.db\"}\n",
         "switchboard.yaml:1:11: error: database and targets are both set: with targets, each target names its own database (move it into a target)"),
        ("targets:\n  EU: {database: \"sqlite:b.db\"}\n",
         "switchboard.yaml:2:3: error: target name 'EU' must be lowercase letters, digits and '-' (at most 63, starting with a letter or digit)"),
        ("targets:\n  a: {database: \"sqlite:b.db\"}\n  b: {database: \"sqlite:b.db\"}\n",
         "switchboard.yaml:3:6: error: targets a and b name the same database: each target is its own database"),
        ("targets:\n  a: {database: \"sqlite:b.db\", tenants: {region: \"e u\"}}\n",
         "switchboard.yaml:2:50: error: target a: label region must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit (or a list of them), found 'e u'"),
        ("targets:\n  a: {database: \"${SWITCHBOARD_ENCRYPTION_KEY}\"}\n",
         "switchboard.yaml:2:17: error: targets.a.database: ${…} may not name a SWITCHBOARD_* variable other than SWITCHBOARD_DATABASE_URL (the encryption key never goes into a URL)"),
        ("targets:\n  a: {database: \"sqlite:b.db\", wave: 0}\n",
         "switchboard.yaml:2:38: error: 'targets.a.wave' 0 is out of range (1 to 1000)"),
        ("targets:\n" + (0..<65).map { "  t\($0): {database: \"sqlite:t\($0).db\"}\n" }.joined(),
         "switchboard.yaml:2:3: error: targets names 65 targets (at most 64)"),
    ])
    func aBadTargetIsALocatedError(_ settings: String, _ line: String) throws {
        let folder = try SwitchboardProcess.folder(["switchboard.yaml": settings, "tenants.d/a.yaml": "tenant: {id: 10, slug: a, name: A}\n"])
        let validate = try SwitchboardProcess.run(["validate"], in: folder)
        #expect(validate.status == 1)
        #expect(validate.stderr.contains(line), "\(validate.stderr)")
    }

    @Test
    func aTenantFileCannotReadATargetsCredentials() throws {
        var files = Self.files
        files["tenants.d/us-clinic.yaml"] = """
            tenant: {id: 20, slug: us-clinic, name: Clinic, labels: {region: us}}
            channels:
              email: {enabled: true, smtp: {host: smtp.example, port: 587, user: u, password: {env: EU_PROD_URL}, fromEmail: a@b.example}}

            """
        let folder = try SwitchboardProcess.folder(files)
        let validate = try SwitchboardProcess.run(["validate"], in: folder)
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("tenants.d/us-clinic.yaml:3:"), "\(validate.stderr)")
        #expect(validate.stderr.contains("EU_PROD_URL"), "\(validate.stderr)")
    }

    @Test
    func anUnknownTargetOrADatabaseFlagIsRefused() throws {
        let setup = try Setup()
        let unknown = try setup.switchboard(["plan", "--target", "eu-wset"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: --target 'eu-wset': no such target in switchboard.yaml (targets: eu-west, us-east, eu-prod, us-lab); did you mean eu-west?\n")
        let database = try setup.switchboard(["plan", "--database", "sqlite:x.db"])
        #expect(database.status == 1)
        #expect(database.stderr == "error: --database: switchboard.yaml declares targets, each with its database: choose them with --target\n")
        let migrate = try setup.switchboard(["migrate", "status"])
        #expect(migrate.status == 1)
        #expect(migrate.stderr.contains("switchboard.yaml declares targets (eu-west, us-east, eu-prod, us-lab): this command reads one database"))
        #expect(!FileManager.default.fileExists(atPath: setup.root + "/switchboard.db"), "never the embedded default")
        let one = try setup.switchboard(["migrate", "status", "--target", "us-lab"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("sqlite:us-lab.db (does not exist yet):"), "\(one.stdout)")
    }

    @Test
    func resolveReadsTheTargetNamed() throws {
        let setup = try Setup()
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        let us = try setup.switchboard(["resolve", "web", "shared-demo-widget-key-1", "--target", "us-east", "--format", "json"])
        #expect(us.status == 0, "\(us.stderr)")
        #expect(us.stdout.contains("\"id\":20"), "\(us.stdout)")
        let eu = try setup.switchboard(["resolve", "web", "shared-demo-widget-key-1", "--target", "eu-west", "--format", "json"])
        #expect(eu.stdout.contains("\"id\":10"), "\(eu.stdout)")
        let ambiguous = try setup.switchboard(["resolve", "web", "shared-demo-widget-key-1"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("name one with --target"))
    }

    /// A database that goes away in one target: the daemon keeps the others converged (the later
    /// wave does not wait for a target it cannot reach), and the target catches up when it is back.
    @Test
    func theDaemonKeepsTheOtherTargetsConvergedWhileOneDatabaseIsDown() throws {
        let setup = try Setup()
        let revision = try Self.commitAll(in: setup.root)
        let proxy = try TCPProxy(to: setup.usEast.url)
        let daemon = try RunningDaemon(in: setup.root, database: nil, environment: setup.environment(usEast: proxy.url))
        let converged = { (status: [String: Any]) -> Bool in
            let targets = status["targets"] as? [[String: Any]] ?? []
            return targets.count == 4 && targets.allSatisfy { $0["filesApplied"] as? Bool == true }
        }
        try daemon.wait("every target applied", until: converged)
        #expect(try Rows(setup.usLab).tenants == ["20"])
        let metrics = daemon.get("/metrics")?.1 ?? ""
        #expect(metrics.contains("switchboard_leader{target=\"eu-prod\"} 1"), "\(metrics)")
        #expect(metrics.contains("switchboard_runs_total{outcome=\"applied\",target=\"us-lab\"} 1"), "\(metrics)")
        #expect(metrics.contains("switchboard_applied_revision_info{revision=\"\(revision)\",target=\"eu-west\"} 1"), "\(metrics)")

        proxy.stop()
        try daemon.wait("us-east reported unreachable") { status in
            (status["targets"] as? [[String: Any]] ?? []).contains { $0["target"] as? String == "us-east" && $0["databaseReachable"] as? Bool == false }
        }
        #expect(daemon.get("/readyz")?.0 == 503)
        try setup.write("tenants.d/eu-bistro.yaml", Self.bistro(adding: "+33 1 00 00 00 19"))
        try setup.write("tenants.d/us-clinic.yaml", Self.clinic(name: "Clinic Renamed"))
        try eventually("eu-west, eu-prod and us-lab converged") {
            try Rows(setup.euWest).routes.contains("+33100000019") && Rows(setup.euProd).routes.contains("+33100000019")
                && name(of: 20, in: setup.usLab) == "Clinic Renamed"
        }
        #expect(try name(of: 20, in: setup.usEast) == "Clinic")

        try proxy.start()
        try eventually("us-east caught up") { try name(of: 20, in: setup.usEast) == "Clinic Renamed" }
        try daemon.wait("every target applied again", until: converged)
        #expect(daemon.get("/readyz")?.0 == 200)
        daemon.signal(SIGTERM)
        #expect(try daemon.process.wait().status == 0)
    }

    /// Makes the folder a git repository of one commit; returns its revision.
    static func commitAll(in folder: String) throws -> String {
        func git(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", folder, "-c", "user.name=test", "-c", "user.email=test@example.com"] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["init", "-q"])
        _ = try git(["add", "-A"])
        _ = try git(["commit", "-qm", "tenants"])
        return try git(["rev-parse", "HEAD"])
    }

    // MARK: - Reading the databases

    struct Rows: Equatable, CustomStringConvertible {
        var tenants: [String]
        var routes: [String]
        var accounts: [String]

        init(tenants: [String], routes: [String], accounts: [String]) {
            self.tenants = tenants
            self.routes = routes
            self.accounts = accounts
        }

        init(_ database: TestDatabase) throws {
            let connection = try database.connect()
            defer { connection.close() }
            let key = database.engine == .sqlite ? "did_key" : "key"
            tenants = try connection.rows("SELECT id FROM tenants ORDER BY id").map { $0[0] ?? "" }
            routes = try connection.rows("SELECT \(key) FROM tenant_routing ORDER BY \(key)").map { $0[0] ?? "" }
            accounts = try connection.rows("SELECT label FROM sip_accounts ORDER BY label").map { $0[0] ?? "" }
        }

        var description: String { "tenants \(tenants), routes \(routes), accounts \(accounts)" }
    }

    func runs(_ database: TestDatabase) throws -> Int {
        let connection = try database.connect()
        defer { connection.close() }
        return Int(try connection.scalar("SELECT count(*) FROM switchboard_runs") ?? "0") ?? 0
    }

    func name(of tenant: Int, in database: TestDatabase) throws -> String? {
        let connection = try database.connect()
        defer { connection.close() }
        return try connection.scalar("SELECT name FROM tenants WHERE id = \(tenant)")
    }
}
