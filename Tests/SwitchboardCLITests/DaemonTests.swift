import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// `switchboard daemon` as a real process, with real inotify, on PostgreSQL and on the embedded
/// SQLite default (issue "Daemon"; the SQLite leader lock is a `flock`).
/// Outcomes are rows in the database, what /status says, and exit codes.
struct DaemonTests {
    static let acme = ReconcileEndToEndTests.files["tenants.d/acme.yaml"]!

    /// acme.yaml with one more vocal number.
    static func acme(adding number: String) -> String {
        acme.replacingOccurrences(of: "\"+33 1 00 00 00 43\"]", with: "\"+33 1 00 00 00 43\", \"\(number)\"]")
    }

    func start(_ setup: ReconcileEndToEndTests.Setup, _ arguments: [String] = [], database: String? = nil) throws -> RunningDaemon {
        try RunningDaemon(in: setup.root, database: database ?? setup.database.url, arguments: arguments,
                          environment: ReconcileEndToEndTests.environment)
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func anEditIsCommittedAndSIGTERMExitsZero(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        let daemon = try start(setup)
        try daemon.waitForStart()
        #expect(try setup.count("tenant_routing") == 5)
        #expect(daemon.get("/healthz")?.0 == 200)
        #expect(daemon.get("/readyz")?.0 == 200)

        let written = Date()
        try setup.write("tenants.d/acme.yaml", Self.acme(adding: "+33 1 00 00 00 44"))
        try eventually("the new route committed") { try setup.routeCount(key: "+33100000044") == 1 }
        print("daemon edit-to-commit latency (5 routes, debounce 50ms): \(Int(-written.timeIntervalSinceNow * 1000)) ms")
        let status = try daemon.wait("the run recorded") { $0.lastRun?["trigger"] as? String == "files" }
        #expect(status.lastRun?["summary"] as? String == "Plan: 1 to add, 0 to change, 0 to delete. SIP reload: no.")
        #expect((status["counts"] as? [String: Any])?["routes"] as? Int == 6)

        let metrics = daemon.get("/metrics")?.1 ?? ""
        #expect(metrics.contains("switchboard_runs_total{outcome=\"applied\"} 2"))
        #expect(metrics.contains("switchboard_changes_total{kind=\"routes\",action=\"create\"} 6"))
        #expect(metrics.contains("switchboard_leader 1"))
        #expect(metrics.contains("switchboard_config_valid 1"))

        daemon.signal(SIGTERM)
        let outcome = try daemon.process.wait()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("switchboard daemon stopped"))
        #expect(!outcome.stderr.contains(ReconcileEndToEndTests.environment["SB_TEST_TRUNK_PW"]!))
        #expect(!outcome.stderr.contains("secret-test-password"))
    }

    /// `--log-format json`: one object per line, counts and seconds as numbers, never strings.
    @Test func jsonLogsCarryNumbersAsNumbers() throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite)
        let daemon = try start(setup, ["--log-format", "json", "--interval", "1m30s"])
        try daemon.waitForStart()
        daemon.signal(SIGTERM)
        let outcome = try daemon.process.wait()
        let lines = outcome.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == outcome.stderr.split(separator: "\n").count, "every line is a JSON object: \(outcome.stderr)")
        let started = try #require(lines.first { $0["message"] as? String == "switchboard daemon started" })
        #expect(started["interval"] as? Double == 90)
        #expect(started["selfHeal"] as? Bool == true)
        let read = try #require(lines.first { $0["message"] as? String == "files read" })
        #expect(read["files"] as? Int == 3)
        #expect(read["seconds"] is Double)
        let applied = try #require(lines.first { ($0["message"] as? String)?.hasPrefix("applied: ") == true })
        #expect(applied["seconds"] is Double)
        #expect(!outcome.stderr.contains("\"seconds\":\""))
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func invalidYAMLChangesNothingAndTheNextGoodEditIsApplied(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        let daemon = try start(setup)
        try daemon.waitForStart()
        let before = try setup.snapshot()

        // A tab in the indentation (and most routes gone): nothing of it may be applied.
        try setup.write("tenants.d/acme.yaml", "tenant: {id: 42, slug: acme, name: Acme Plomberie}\nroutes:\n\tvocal: [\"+33 1 00 00 00 45\"]\n")
        let invalid = try daemon.wait("the invalid files reported") { $0["configValid"] as? Bool == false }
        let errors = invalid["errors"] as? [[String: Any]] ?? []
        #expect(errors.first?["file"] as? String == "tenants.d/acme.yaml")
        #expect(errors.first?["line"] as? Int == 3)
        #expect(errors.first?["column"] as? Int == 1)
        #expect(daemon.get("/readyz")?.0 == 503)
        #expect(daemon.get("/metrics")?.1.contains("switchboard_config_valid 0") == true)
        // A whole reconcile runs while the files are invalid (SIGHUP): it applies the last good
        // state, so nothing changes.
        daemon.signal(SIGHUP)
        try daemon.wait("a run while invalid") { $0.lastRun?["trigger"] as? String == "signal" }
        #expect(try setup.snapshot() == before)
        #expect(daemon.process.process.isRunning)

        try setup.write("tenants.d/acme.yaml", Self.acme(adding: "+33 1 00 00 00 45"))
        try eventually("the fixed file applied") { try setup.routeCount(key: "+33100000045") == 1 }
        try daemon.wait("ready again") { $0["configValid"] as? Bool == true && ($0["errors"] as? [Any])?.isEmpty == true }
        #expect(daemon.get("/readyz")?.0 == 200)
    }

    @Test func anEditPlansOnlyWhatTheChangedFilesTouchAndLeavesNothingForAFullPlan() throws {
        let setup = try ReconcileEndToEndTests.Setup(.postgres)
        try setup.write("switchboard.yaml", "guard: {maxDeletes: 100%}\n")
        try setup.write("tenants.d/bistrot.yaml", "tenant: {id: 57, slug: bistrot, name: Bistrot}\nroutes: {vocal: [\"+33 1 00 00 00 57\"]}\n")
        let daemon = try start(setup)
        try daemon.waitForStart()
        // Someone's hand-made route elsewhere: a scoped run must neither see nor touch it.
        try setup.execute("INSERT INTO tenant_routing (channel, key, tenant_id) VALUES ('vocal', '+33199999999', 1)")

        // One commit: a number moves from acme to default (two files), and bistrot's file goes.
        try setup.write("tenants.d/default.yaml", "tenant: {id: 1, slug: default, name: Plateforme}\nroutes: {vocal: [\"+33 1 00 00 00 00\", \"+33 1 00 00 00 43\"]}\n")
        try setup.write("tenants.d/acme.yaml", Self.acme.replacingOccurrences(of: ", \"+33 1 00 00 00 43\"", with: ""))
        try FileManager.default.removeItem(atPath: setup.root + "/tenants.d/bistrot.yaml")
        try eventually("the move and the removal applied") {
            try setup.routeCount(key: "+33100000057") == 0 && setup.tenantOf(key: "+33100000043") == "1"
        }
        let status = try daemon.wait("the scoped run recorded") { $0.lastRun?["trigger"] as? String == "files" }
        #expect(status.lastRun?["scope"] as? String != "full")
        #expect(try setup.routeCount(key: "+33199999999") == 1)

        // A full plan finds nothing left to do: the scoped runs did what a full one would.
        let plan = try setup.switchboard(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)")
        #expect(plan.stdout.contains("= route    vocal +33199999999 (tenant 1 default)  (made by hand; prune: owned keeps it)"))
    }

    /// An edit's run reads only its scope, and counts the database only when its plan deletes:
    /// the delete guard still judges it against the whole database. One route of 30 goes (an edit
    /// whose scope holds 5 would be 20%), then four at once (over 10%) are refused, nothing changed.
    @Test(arguments: ReconcileEndToEndTests.dialects)
    func anEditThatDeletesIsJudgedAgainstTheWholeDatabase(_ dialect: SQLDialect) throws {
        func numbers(_ range: ClosedRange<Int>) -> String { range.map { "\"+3310000\(String(format: "%04d", $0))\"" }.joined(separator: ", ") }
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: ReconcileEndToEndTests.files.merging([
            "tenants.d/many.yaml": "tenant: {id: 7, slug: many, name: Many}\nroutes: {vocal: [\(numbers(1...21))]}\n",
            "tenants.d/few.yaml": "tenant: {id: 8, slug: few, name: Few}\nroutes: {vocal: [\(numbers(101...105))]}\n",
        ]) { $1 })
        let daemon = try start(setup)
        try daemon.waitForStart()
        let total = try setup.count("tenant_routing")
        #expect((25...35).contains(total))

        try setup.write("tenants.d/few.yaml", "tenant: {id: 8, slug: few, name: Few}\nroutes: {vocal: [\(numbers(101...104))]}\n")
        try eventually("one route of them deleted") { try setup.routeCount(key: "+33100000105") == 0 }
        #expect(try daemon.wait("the scoped run recorded") { $0.lastRun?["outcome"] as? String == "applied" }.lastRun?["scope"] as? String != "full")

        let before = try setup.snapshot()
        try setup.write("tenants.d/few.yaml", "tenant: {id: 8, slug: few, name: Few}\nroutes: {vocal: []}\n")
        try daemon.process.waitForStderr(containing: "refused: refusing to delete 4 of \(total - 1) routes (\(400 / (total - 1))%)")
        let refused = try daemon.wait("the refusal recorded") { $0.lastRun?["outcome"] as? String == "refused" }
        #expect(refused.lastRun?["scope"] as? String != "full")
        #expect(try setup.snapshot() == before)
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aRowDeletedByHandComesBackWithinTheIntervalAndSIGHUPReconcilesNow(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        let daemon = try start(setup, ["--interval", "2s"])
        try daemon.waitForStart()

        try setup.deleteRoute(key: "+33939240575")
        let deleted = Date()
        try eventually("the route restored", timeout: 10) { try setup.routeCount(key: "+33939240575") == 1 }
        print("daemon drift repaired \(Int(-deleted.timeIntervalSinceNow * 1000)) ms after the delete (interval 2 s)")
        let status = try daemon.wait("the drift recorded") { $0.lastRun?["trigger"] as? String == "interval" && $0.lastRun?["outcome"] as? String == "applied" }
        #expect(status["driftRows"] as? Int == 1)
        #expect(daemon.get("/metrics")?.1.contains("switchboard_drift_rows 1") == true)

        // A long interval now: only SIGHUP can bring it back quickly.
        daemon.signal(SIGTERM)
        _ = try daemon.process.wait()
        let patient = try start(setup, ["--interval", "1h"])
        try patient.wait("started") { $0.isLeader && $0.lastRun != nil }
        try setup.deleteRoute(key: "+33939240575")
        patient.signal(SIGHUP)
        try eventually("the route restored by SIGHUP", timeout: 10) { try setup.routeCount(key: "+33939240575") == 1 }
        try patient.wait("the run recorded") { $0.lastRun?["trigger"] as? String == "signal" }
    }

    /// A whole read takes a second connection; where the server allows the daemon's role only
    /// two (the leader lock's and the apply's), it reads on one.
    @Test func aDaemonRefusedAThirdConnectionStillRepairsDrift() throws {
        let setup = try ReconcileEndToEndTests.Setup(.postgres)
        let role = "sb_two_\(UUID().uuidString.prefix(8).lowercased())"
        let name = String(setup.database.url.split(separator: "/").last!)
        try setup.execute("CREATE ROLE \(role) LOGIN PASSWORD 'two-connections' CONNECTION LIMIT 2")
        try setup.execute("ALTER DATABASE \(name) OWNER TO \(role); ALTER SCHEMA public OWNER TO \(role)")
        var url = try #require(URLComponents(string: setup.database.url))
        url.user = role
        url.password = "two-connections"
        let daemon = try start(setup, ["--interval", "1h"], database: url.string)
        try daemon.wait("started") { $0.isLeader && $0.lastRun?["outcome"] as? String == "applied" }
        #expect(try setup.count("tenant_routing") == 5)

        try setup.deleteRoute(key: "+33939240575")
        daemon.signal(SIGHUP)
        try eventually("the route restored", timeout: 10) { try setup.routeCount(key: "+33939240575") == 1 }
        let status = try daemon.wait("the run recorded") { $0.lastRun?["trigger"] as? String == "signal" }
        #expect(status.lastRun?["outcome"] as? String == "applied")
        daemon.signal(SIGTERM)
        #expect(try daemon.process.wait().status == 0)
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func withoutSelfHealDriftIsReportedNotRepaired(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        let daemon = try start(setup, ["--interval", "1s", "--no-self-heal"])
        try daemon.waitForStart()
        try setup.deleteRoute(key: "+33939240575")
        let status = try daemon.wait("the drift reported") { $0.lastRun?["outcome"] as? String == "drift-reported" }
        #expect(status["driftRows"] as? Int == 1)
        #expect(try setup.routeCount(key: "+33939240575") == 0)
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aSecondReplicaStandsByAndTakesOverAfterSIGKILL(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect)
        let first = try start(setup)
        try first.waitForStart()
        let second = try start(setup)
        let standby = try second.wait("the standby ready") { $0["databaseReachable"] as? Bool == true && $0["configValid"] as? Bool == true }
        #expect(standby.isLeader == false)
        #expect(second.get("/readyz")?.0 == 200)
        #expect(second.get("/metrics")?.1.contains("switchboard_leader 0") == true)

        first.process.kill()
        _ = try first.process.wait()
        try second.wait("the takeover", timeout: 15) { $0.isLeader }
        try setup.write("tenants.d/acme.yaml", Self.acme(adding: "+33 1 00 00 00 46"))
        try eventually("an edit applied by the new leader") { try setup.routeCount(key: "+33100000046") == 1 }
    }

    @Test func aRenameIntoPlaceAndAGitSyncSymlinkSwapArePickedUp() throws {
        // git-sync's layout: root/current -> worktrees/<rev>, swapped atomically by a rename.
        let setup = try ReconcileEndToEndTests.Setup(.postgres, files: [:])
        let root = setup.root
        for (name, text) in ReconcileEndToEndTests.files {
            try write(text, to: "\(root)/worktrees/v1/\(name)")
        }
        try FileManager.default.createSymbolicLink(atPath: "\(root)/current", withDestinationPath: "worktrees/v1")
        let daemon = try RunningDaemon(in: root, database: setup.database.url, dir: "current/tenants.d",
                                       environment: ReconcileEndToEndTests.environment)
        try daemon.waitForStart()

        // An editor's save: a hidden temporary file renamed over the real one.
        try write(Self.acme(adding: "+33 1 00 00 00 47"), to: "\(root)/current/tenants.d/.acme.yaml.swp")
        #expect(rename("\(root)/current/tenants.d/.acme.yaml.swp", "\(root)/current/tenants.d/acme.yaml") == 0)
        try eventually("the renamed file applied") { try setup.routeCount(key: "+33100000047") == 1 }

        // A new revision checked out beside it, then the link swapped.
        for (name, text) in ReconcileEndToEndTests.files {
            let revised = Self.acme(adding: "+33 1 00 00 00 47\", \"+33 1 00 00 00 48")
            try write(name.hasSuffix("acme.yaml") ? revised : text, to: "\(root)/worktrees/v2/\(name)")
        }
        try FileManager.default.createSymbolicLink(atPath: "\(root)/current.new", withDestinationPath: "worktrees/v2")
        #expect(rename("\(root)/current.new", "\(root)/current") == 0)
        try eventually("the swapped revision applied") { try setup.routeCount(key: "+33100000048") == 1 }

        // The new tree is watched, not the old one.
        let edited = Self.acme(adding: "+33 1 00 00 00 47\", \"+33 1 00 00 00 48\", \"+33 1 00 00 00 49")
        try write(edited, to: "\(root)/worktrees/v2/tenants.d/acme.yaml")
        try eventually("an edit in the new tree applied") { try setup.routeCount(key: "+33100000049") == 1 }
    }

    @Test func theDatabaseGoingAwayAndComingBackIsSurvived() throws {
        let setup = try ReconcileEndToEndTests.Setup(.postgres)
        let proxy = try TCPProxy(to: setup.database.url)
        let daemon = try start(setup, database: proxy.url)
        try daemon.waitForStart()

        proxy.stop()
        try daemon.wait("the database reported unreachable") { $0["databaseReachable"] as? Bool == false }
        #expect(daemon.get("/readyz")?.0 == 503)
        try setup.write("tenants.d/acme.yaml", Self.acme(adding: "+33 1 00 00 00 50"))
        try daemon.wait("the edit read while the database is away") { ($0["counts"] as? [String: Any])?["routes"] as? Int == 6 }
        #expect(daemon.process.process.isRunning)
        #expect(try setup.routeCount(key: "+33100000050") == 0)

        try proxy.start()
        try eventually("the edit applied once the database is back", timeout: 40) { try setup.routeCount(key: "+33100000050") == 1 }
        try daemon.wait("ready again") { $0["databaseReachable"] as? Bool == true }
        #expect(daemon.get("/readyz")?.0 == 200)
    }

    private func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

extension ReconcileEndToEndTests.Setup {
    func tenantOf(key: String) throws -> String? {
        let connection = try database.connect()
        defer { connection.close() }
        let column = database.engine == .sqlite ? "did_key" : "key"
        return try connection.scalar("SELECT tenant_id FROM tenant_routing WHERE \(column) = '\(key)'")
    }

    func deleteRoute(key: String) throws {
        try execute("DELETE FROM tenant_routing WHERE \(database.engine == .sqlite ? "did_key" : "key") = '\(key)'")
    }

    func routeCount(key: String) throws -> Int {
        let connection = try database.connect()
        defer { connection.close() }
        let column = database.engine == .sqlite ? "did_key" : "key"
        return Int(try connection.scalar("SELECT count(*) FROM tenant_routing WHERE \(column) = '\(key)'") ?? "0") ?? 0
    }
}
