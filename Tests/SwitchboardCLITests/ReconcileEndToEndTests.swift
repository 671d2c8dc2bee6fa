import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// `switchboard reconcile` as an operator runs it, against real PostgreSQL and SQLite databases:
/// outcomes are rows in the database and exit codes.
struct ReconcileEndToEndTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]

    static let files = [
        "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Plateforme}\nroutes: {vocal: [\"+33 1 00 00 00 00\"]}\n",
        "tenants.d/acme.yaml": """
            tenant: {id: 42, slug: acme, name: Acme Plomberie}
            routes:
              vocal: ["+33 1 00 00 00 42", "+33 1 00 00 00 43"]
              whatsapp: [+33939240575]
              web: [widget-key-tenant-42]
            channels:
              sms: {enabled: true, templates: {rdvConfirmation: true}}

            """,
        "tenants.d/sip.yaml": "sipAccounts:\n  - {label: Trunk A, trunkUri: \"sip:a@p.example\", password: {env: SB_TEST_TRUNK_PW}, default: true}\n",
    ]
    static let environment = ["SB_TEST_TRUNK_PW": "trunk-secret-1"]
    /// A tenant file with an error on line 2 (a number too short to be one).
    static let brokenFile = "tenant: {id: 7, name: Broken}\nroutes: {vocal: [\"+33 1 00\"]}\n"

    /// A folder with the files and a fresh database of the dialect.
    struct Setup {
        let root: String
        let database: TestDatabase

        init(_ dialect: SQLDialect, files: [String: String] = ReconcileEndToEndTests.files) throws {
            root = try SwitchboardProcess.folder(files)
            database = try TestDatabase.make(dialect)
        }

        func switchboard(_ arguments: [String], environment: [String: String] = ReconcileEndToEndTests.environment) throws
            -> SwitchboardProcess.Outcome
        {
            try SwitchboardProcess.run(arguments + ["--database", database.url], in: root, environment: environment)
        }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root).appendingPathComponent(name))
        }

        /// Every row of the tables switchboard writes, as text: "the database exactly as before".
        func snapshot() throws -> [[String?]] {
            let connection = try database.connect()
            defer { connection.close() }
            let key = database.engine == .sqlite ? "did_key" : "key"
            return try connection.rows("SELECT id, slug, name, is_active FROM tenants ORDER BY id")
                + connection.rows("SELECT channel, \(key), tenant_id, is_active FROM tenant_routing ORDER BY channel, \(key)")
                + connection.rows("SELECT label, trunk_uri, password, is_default FROM sip_accounts ORDER BY label")
                + connection.rows("SELECT tenant_id, channel_type, enabled FROM channel_configurations ORDER BY tenant_id, channel_type")
                + connection.rows("SELECT kind, key FROM switchboard_managed ORDER BY kind, key")
                + connection.rows("SELECT count(*) FROM switchboard_runs")
        }

        func count(_ table: String) throws -> Int {
            let connection = try database.connect()
            defer { connection.close() }
            return Int(try connection.scalar("SELECT count(*) FROM \(table)") ?? "0") ?? 0
        }

        func execute(_ sql: String) throws {
            let connection = try database.connect()
            defer { connection.close() }
            try connection.execute(sql)
        }
    }

    @Test(arguments: dialects)
    func firstReconcileWritesEverythingAndTheSecondIsANoOp(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        let first = try setup.switchboard(["reconcile"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Plan: 9 to add, 0 to change, 0 to delete. SIP reload: yes."))
        #expect(try setup.count("tenant_routing") == 5)
        #expect(try setup.count("switchboard_managed") == 9)
        let afterFirst = try setup.snapshot()

        let second = try setup.switchboard(["reconcile"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("No changes: the database matches the files."))
        #expect(try setup.snapshot() == afterFirst)
        let plan = try setup.switchboard(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0)
        // The trunk password went into the database, and into no output.
        #expect(afterFirst.contains { $0.contains("trunk-secret-1") })
        #expect(!(first.stdout + first.stderr + second.stdout + plan.stdout).contains("trunk-secret-1"))
    }

    @Test(arguments: dialects)
    func dryRunWritesNothing(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        try setup.write("tenants.d/acme.yaml", "tenant: {id: 42, slug: acme, name: Acme SARL}\nroutes: {vocal: [\"+33 1 00 00 00 42\"]}\n")
        let before = try setup.snapshot()
        let dryRun = try setup.switchboard(["reconcile", "--dry-run", "--detailed-exitcode", "--allow-deletes"])
        #expect(dryRun.status == 2)
        #expect(dryRun.stdout.contains("~ tenant   42  name \"Acme Plomberie\" → \"Acme SARL\""))
        let plan = try setup.switchboard(["plan", "--format", "json", "--allow-deletes"])
        #expect(plan.status == 0)
        #expect(try setup.snapshot() == before)
    }

    @Test(arguments: dialects)
    func dryRunBeforeAnyMigrationCreatesNothing(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        let plan = try setup.switchboard(["plan"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("Plan: 9 to add"))
        let connection = try setup.database.connect()
        defer { connection.close() }
        let tables = dialect == .postgres
            ? try connection.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            : try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        #expect(tables == "0")
    }

    @Test(arguments: dialects)
    func handMadeRowSurvivesPruneOwned(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        let key = dialect == .sqlite ? "did_key" : "key"
        try setup.execute("INSERT INTO tenant_routing (channel, \(key), tenant_id) VALUES ('vocal', '+33199999999', 42)")
        let outcome = try setup.switchboard(["reconcile"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("= route    vocal +33199999999 (tenant 42 acme)  (made by hand; prune: owned keeps it)"))
        #expect(try setup.count("tenant_routing") == 6)

        // Under prune: all it goes.
        try setup.write("switchboard.yaml", "prune: all\nguard: {maxDeletes: 1}\n")
        let pruned = try setup.switchboard(["reconcile"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("- route    vocal +33199999999  tenant 42 acme"))
        #expect(try setup.count("tenant_routing") == 5)
    }

    @Test(arguments: dialects)
    func guardRefusalChangesNothingAndExitsThree(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        try setup.write("tenants.d/acme.yaml", "tenant: {id: 42, slug: acme, name: Acme Plomberie}\n")
        let before = try setup.snapshot()
        let refused = try setup.switchboard(["reconcile"])
        #expect(refused.status == 3)
        #expect(refused.stdout.contains("Refused: refusing to delete 4 of 5 routes (80%), 1 of 1 channel configurations (100%): more than guard.maxDeletes (10%); re-run with --allow-deletes if this is intended"))
        #expect(try setup.snapshot() == before)

        let allowed = try setup.switchboard(["reconcile", "--allow-deletes"])
        #expect(allowed.status == 0)
        #expect(try setup.count("tenant_routing") == 1)
    }

    @Test(arguments: dialects)
    func noTenantInTheFilesIsRefused(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        for name in ["default", "acme", "sip"] { try FileManager.default.removeItem(atPath: "\(setup.root)/tenants.d/\(name).yaml") }
        let before = try setup.snapshot()
        let refused = try setup.switchboard(["reconcile"])
        #expect(refused.status == 3)
        #expect(refused.stdout.contains("Refused: no tenant in the files, 2 in the database (a broken checkout?)"))
        #expect(try setup.snapshot() == before)
    }

    @Test(arguments: dialects)
    func staleSavedPlanIsRefusedAndAFreshOneApplies(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        let saved = try setup.switchboard(["reconcile", "--dry-run", "--out", "plan.json"])
        #expect(saved.status == 0)
        let file = try String(contentsOfFile: setup.root + "/plan.json", encoding: .utf8)
        #expect(file.contains("\"summary\" : \"Plan: 9 to add, 0 to change, 0 to delete. SIP reload: yes.\""))
        #expect(!file.contains("trunk-secret-1"))

        // Someone changes the database between plan and apply.
        #expect(try setup.switchboard(["migrate"]).status == 0)
        try setup.execute("INSERT INTO tenants (id, slug, name) VALUES (7, 'hand-made', 'Made by hand')")
        let stale = try setup.switchboard(["reconcile", "--plan", "plan.json"])
        #expect(stale.status == 1)
        #expect(stale.stderr == "error: the database changed since the plan was made (tenants): plan again\n")
        #expect(try setup.count("tenant_routing") == 0)

        let fresh = try setup.switchboard(["plan", "--out", "plan.json"])
        #expect(fresh.status == 0)
        #expect(!(try String(contentsOfFile: setup.root + "/plan.json", encoding: .utf8)).contains("SB_TEST_TRUNK_PW"))
        // Shown again, exactly as planned; then stale once a file changes, saying which.
        let shown = try SwitchboardProcess.run(["show", "plan.json"], in: setup.root)
        #expect(shown.status == 0)
        #expect(shown.stdout == fresh.stdout)
        #expect(shown.stderr == "switchboard: the files are as they were when this plan was made\n")
        let acme = try String(contentsOfFile: setup.root + "/tenants.d/acme.yaml", encoding: .utf8)
        try setup.write("tenants.d/acme.yaml", acme.replacingOccurrences(of: "Acme Plomberie", with: "Acme SARL"))
        let changed = try SwitchboardProcess.run(["show", "plan.json", "--format", "markdown"], in: setup.root)
        #expect(changed.status == 2)
        #expect(changed.stdout.hasPrefix("### switchboard plan: 9 to add"))
        #expect(changed.stderr == "switchboard: the files changed since this plan was made (tenants.d/acme.yaml changed): plan again\n")
        let refused = try setup.switchboard(["reconcile", "--plan", "plan.json"])
        #expect(refused.stderr == "error: the files changed since the plan was made (tenants.d/acme.yaml changed): plan again\n")
        try setup.write("tenants.d/acme.yaml", acme)

        let applied = try setup.switchboard(["reconcile", "--plan", "plan.json"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try setup.count("tenant_routing") == 5)
    }

    @Test(arguments: dialects)
    func missingSecretIsAnErrorBeforeAnythingIsWritten(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        let outcome = try setup.switchboard(["reconcile"], environment: [:])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("tenants.d/sip.yaml:2:13: error: password of SIP account 'Trunk A': environment variable SB_TEST_TRUNK_PW is not set\n"))
        let dryRun = try setup.switchboard(["plan"], environment: [:])
        #expect(dryRun.status == 0)
        #expect(dryRun.stderr.contains("warning: password of SIP account 'Trunk A' is unknown: environment variable SB_TEST_TRUNK_PW is not set"))
    }

    @Test(arguments: dialects)
    func concurrentReconcilesSerialise(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["migrate"]).status == 0)
        // Four at once on an empty database: one creates everything, the others see it done.
        let outcomes = try (0..<4).map { _ in
            try SwitchboardProcess.start(["reconcile", "--database", setup.database.url], in: setup.root,
                                         environment: ReconcileEndToEndTests.environment)
        }.map { try $0.wait() }
        #expect(outcomes.map(\.status) == [0, 0, 0, 0], "\(outcomes.map(\.stderr))")
        #expect(outcomes.filter { $0.stdout.contains("Plan: 9 to add") }.count == 1)
        #expect(outcomes.filter { $0.stdout.contains("No changes") }.count == 3)
        #expect(try setup.count("switchboard_runs") == 1)
        #expect(try setup.count("tenant_routing") == 5)
    }

    @Test(arguments: dialects)
    func anApplyReadsTheDatabaseWhileTheFilesAreParsedAndBadFilesStillChangeNothing(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        let watcher = try setup.database.connect()
        defer { watcher.close() }
        // The schema is up to date and the lock free: locked and read beside the load.
        let acme = try String(contentsOfFile: setup.root + "/tenants.d/acme.yaml", encoding: .utf8)
        try setup.write("tenants.d/acme.yaml", acme.replacingOccurrences(of: "Acme Plomberie", with: "Acme SARL"))
        let edited = try setup.switchboard(["reconcile", "--timings"])
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stderr.contains("lock and read (beside the load)"))
        #expect(edited.stdout.contains("Plan: 0 to add, 1 to change, 0 to delete."))
        #expect(try watcher.scalar("SELECT name FROM tenants WHERE id = 42") == "Acme SARL")

        // Invalid files, while another run holds the lock: said at once, and nothing changes.
        let before = try setup.snapshot()
        let holder = try setup.database.connect()
        defer { holder.close() }
        try holder.execute(holder.beginStatement(immediate: true))
        try holder.makeApplier().lock()
        try setup.write("tenants.d/broken.yaml", Self.brokenFile)
        let broken = try SwitchboardProcess.start(["reconcile", "--database", setup.database.url], in: setup.root,
                                                  environment: Self.environment)
        try broken.waitForStderr(containing: "tenants.d/broken.yaml:2:")
        try holder.execute("ROLLBACK")
        #expect(try broken.wait().status == 1)
        #expect(try setup.snapshot() == before)

        // Valid files while the lock is held: the run waits for it after the load, then applies.
        try FileManager.default.removeItem(atPath: setup.root + "/tenants.d/broken.yaml")
        try setup.write("tenants.d/acme.yaml", acme)
        try holder.execute(holder.beginStatement(immediate: true))
        try holder.makeApplier().lock()
        let waiting = try SwitchboardProcess.start(["reconcile", "--timings", "--database", setup.database.url], in: setup.root,
                                                   environment: Self.environment)
        if dialect == .postgres {
            // Released only once the run waits for the lock (an advisory lock not granted).
            try Self.untilALockIsAwaited(in: watcher, what: "the reconcile to wait for the lock")
        }
        try holder.execute("ROLLBACK")
        let applied = try waiting.wait()
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Plan: 0 to add, 1 to change, 0 to delete."))
        #expect(try watcher.scalar("SELECT name FROM tenants WHERE id = 42") == "Acme Plomberie")
        guard dialect == .postgres else { return }
        // The lock it waited for was the one after the load: the early one never waits.
        #expect(applied.stderr.contains(", lock and read 0."), "\(applied.stderr)")

        // A server that ends transactions left idle within a minute: nothing is begun before the files are read.
        let name = try #require(try watcher.scalar("SELECT current_database()"))
        try watcher.execute("ALTER DATABASE \"\(name)\" SET idle_in_transaction_session_timeout = '10s'")
        try setup.write("tenants.d/acme.yaml", acme.replacingOccurrences(of: "Acme Plomberie", with: "Acme SARL"))
        let impatient = try setup.switchboard(["reconcile", "--timings"])
        #expect(impatient.status == 0, "\(impatient.stderr)")
        #expect(impatient.stderr.contains(", lock and read 0."), "\(impatient.stderr)")
        #expect(try watcher.scalar("SELECT name FROM tenants WHERE id = 42") == "Acme SARL")
    }

    /// Returns once a session of `connection`'s database waits for an advisory lock (at most a
    /// minute). `pg_locks` shows the whole cluster, where other tests' runs wait for their own
    /// databases' locks at the same time: only this database's count.
    static func untilALockIsAwaited(in connection: any DatabaseConnection, what: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while try connection.scalar("""
            SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """) == "0" {
            guard Date() < deadline else { throw TimeoutError(what: what) }
        }
    }

    /// A database without any table (a new PostgreSQL database, an empty SQLite file) is migrated
    /// while the files are parsed, in the apply's transaction: invalid files leave it without a
    /// table, and a run does not wait there for another process's migrations.
    @Test(arguments: dialects)
    func aDatabaseWithoutTablesIsMigratedBesideTheLoadAndBadFilesLeaveItSo(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        if dialect == .sqlite {
            #expect(FileManager.default.createFile(atPath: try #require(setup.database.sqlitePath), contents: Data()))
        }
        try setup.write("tenants.d/broken.yaml", Self.brokenFile)
        let broken = try setup.switchboard(["reconcile"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("tenants.d/broken.yaml:2:"), "\(broken.stderr)")
        #expect(try setup.database.connect().holdsNoTable())

        try FileManager.default.removeItem(atPath: setup.root + "/tenants.d/broken.yaml")
        let first = try setup.switchboard(["reconcile", "--timings"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("connect and migrate (beside the load)"), "\(first.stderr)")
        #expect(try setup.count("tenant_routing") == 5)
        let connection = try setup.database.connect()
        defer { connection.close() }
        #expect(try Migrator(connection: connection).pending().isEmpty)
        guard dialect == .postgres else { return }

        // Another process migrating a database without tables: a run on invalid files says so at
        // once; a run on valid files migrates after the load, once that process is done.
        let other = try Setup(.postgres)
        let migrating = try other.database.connect()
        defer { migrating.close() }
        try migrating.lockMigrations()
        try other.write("tenants.d/broken.yaml", Self.brokenFile)
        #expect(try other.switchboard(["reconcile"]).status == 1)
        try FileManager.default.removeItem(atPath: other.root + "/tenants.d/broken.yaml")
        let waiting = try SwitchboardProcess.start(["reconcile", "--timings", "--database", other.database.url], in: other.root,
                                                   environment: Self.environment)
        try Self.untilALockIsAwaited(in: migrating, what: "the reconcile to wait for the migrations' lock")
        migrating.unlockMigrations()
        let applied = try waiting.wait()
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stderr.contains(", connect and migrate 0."), "\(applied.stderr)")
        #expect(try other.count("tenant_routing") == 5)
    }

    @Test(arguments: dialects)
    func aWriteTheDatabaseRefusesShowsThePlanThenTheErrorAndChangesNothing(_ dialect: SQLDialect) throws {
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        try setup.execute(dialect == .postgres
            ? """
              CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$;
              CREATE TRIGGER refuse BEFORE INSERT ON tenant_routing FOR EACH ROW EXECUTE FUNCTION refuse()
              """
            : "CREATE TRIGGER refuse BEFORE INSERT ON tenant_routing BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END")
        let before = try setup.snapshot()
        let acme = try String(contentsOfFile: setup.root + "/tenants.d/acme.yaml", encoding: .utf8)
        try setup.write("tenants.d/acme.yaml", acme.replacingOccurrences(of: "\"+33 1 00 00 00 43\"]", with: "\"+33 1 00 00 00 43\", \"+33 1 00 00 00 44\"]"))
        let refused = try setup.switchboard(["reconcile"])
        #expect(refused.status == 1)
        // The plan, shown while it was being written, is whole before the error ends the run.
        #expect(refused.stdout.hasPrefix("Reconciling "), "\(refused.stdout)")
        #expect(refused.stdout.contains("+ route    vocal +33100000044"))
        #expect(refused.stdout.hasSuffix("Plan: 1 to add, 0 to change, 0 to delete. SIP reload: no.\nApplying… "), "\(refused.stdout)")
        #expect(refused.stderr.contains("refused by a trigger"), "\(refused.stderr)")
        #expect(try setup.snapshot() == before)
    }

    @Test(arguments: dialects)
    func killedMidApplyLeavesTheDatabaseAsBefore(_ dialect: SQLDialect) throws {
        var files = Self.files
        // A large apply: 300 tenants, 3,000 routes on top of a first state.
        for tenant in 100..<400 {
            let numbers = (0..<10).map { "\"+3361\(String(format: "%04d", tenant))\($0)00\"" }.joined(separator: ", ")
            files["tenants.d/bulk/t\(tenant).yaml"] = "tenant: {id: \(tenant), name: Bulk \(tenant)}\nroutes: {vocal: [\(numbers)]}\n"
        }
        let setup = try Setup(dialect)
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        let before = try setup.snapshot()
        for (name, text) in files where name.contains("bulk") {
            try FileManager.default.createDirectory(atPath: setup.root + "/tenants.d/bulk", withIntermediateDirectories: true)
            try setup.write(name, text)
        }
        try setup.write("tenants.d/acme.yaml", "tenant: {id: 42, slug: acme, name: Acme Renamed}\nroutes: {vocal: [\"+33 1 00 00 00 42\"]}\n")

        var environment = Self.environment
        environment["SWITCHBOARD_FAILPOINT"] = "before-commit"
        let process = try SwitchboardProcess.start(["reconcile", "--allow-deletes", "--database", setup.database.url],
                                                   in: setup.root, environment: environment)
        // Every row is written (uncommitted) when the failpoint speaks; then kill -9.
        try process.waitForStderr(containing: "failpoint before-commit")
        process.kill()
        _ = try process.wait()
        #expect(try setup.snapshot() == before)

        let recovered = try setup.switchboard(["reconcile", "--allow-deletes"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try setup.count("tenant_routing") == 3002)
    }

    /// The SQLite file a first reconcile creates is written in rollback-journal mode (each page once,
    /// not into the WAL and then the database), and is in WAL when the apply is over. A connection
    /// opened meanwhile does not wait for the writer to turn it to WAL itself. Its migrations are
    /// applied in the first apply's transaction: killed before its commit, the file holds no table.
    /// Its pages are of 16 KiB.
    @Test func aNewSQLiteFileIsFirstWrittenWithoutTheWALThenKeptInWAL() throws {
        let setup = try Setup(.sqlite)
        let path = try #require(setup.database.sqlitePath)
        #expect(!FileManager.default.fileExists(atPath: path))
        var environment = Self.environment
        environment["SWITCHBOARD_FAILPOINT"] = "before-commit"
        let process = try SwitchboardProcess.start(["reconcile", "--database", setup.database.url], in: setup.root, environment: environment)
        try process.waitForStderr(containing: "failpoint before-commit")
        // Every row written, none committed: a second connection opens meanwhile, and leaves the
        // file in rollback-journal mode to the writer.
        let beside = try SQLiteConnection(path: path)
        #expect(try beside.scalar("PRAGMA journal_mode") == "delete")
        beside.close()
        process.kill()
        _ = try process.wait()
        // Its migrations were in the same transaction as its rows: nothing of either is left.
        let killed = try setup.database.connect()
        #expect(try killed.holdsNoTable())
        killed.close()

        let first = try setup.switchboard(["reconcile"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try setup.count("tenant_routing") == 5)
        let after = try SQLiteConnection(path: path)
        defer { after.close() }
        #expect(try after.scalar("PRAGMA journal_mode") == "wal")
        #expect(try after.scalar("PRAGMA page_size") == "16384")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }
}
