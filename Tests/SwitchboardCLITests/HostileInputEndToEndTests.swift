import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// Hostile or broken input cannot reach production (issue "Hostile or broken input…"): each case
/// runs the real command against a real database and asserts the exit code, the exact error line,
/// the database unchanged, and that no secret reaches any output stream or any row.
struct HostileInputEndToEndTests {
    static let outsideSecret = "outside-secret-5b2e81"

    /// A repository folder beside an `outside/` folder holding a secret no tenant file may read.
    static func setup(_ dialect: SQLDialect, files: [String: String]) throws -> ReconcileEndToEndTests.Setup {
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: files)
        let outside = URL(fileURLWithPath: setup.root).deletingLastPathComponent().appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data((outsideSecret + "\n").utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: setup.root + "/outside", withDestinationPath: outside.path)
        return setup
    }

    /// Every row of every table, as one text: what must never hold a secret it should not.
    static func everyRow(_ setup: ReconcileEndToEndTests.Setup) throws -> String {
        guard (try? setup.count("sip_accounts")) != nil else { return "" }
        let connection = try setup.database.connect()
        defer { connection.close() }
        let rows = try connection.rows("SELECT label, trunk_uri, username, password FROM sip_accounts")
            + connection.rows("SELECT CAST(summary AS TEXT), error FROM switchboard_runs")
        return rows.map { $0.map { $0 ?? "" }.joined(separator: "|") }.joined(separator: "\n")
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aSecretReferenceCannotReadOutsideTheRepositoryNorSwitchboardsOwnCredentials(_ dialect: SQLDialect) throws {
        let setup = try Self.setup(dialect, files: [
            "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Plateforme}\n",
            "tenants.d/sip.yaml": """
                sipAccounts:
                  - {label: A, trunkUri: "sip:a@attacker.example", password: {file: ../outside/secret.txt}}
                  - {label: B, trunkUri: "sip:b@attacker.example", password: {env: DATABASE_URL}}
                  - {label: C, trunkUri: "sip:c@attacker.example", password: {env: SWITCHBOARD_ENCRYPTION_KEY}}

                """,
        ])
        try FileManager.default.createSymbolicLink(atPath: setup.root + "/tenants.d/stolen.yaml", withDestinationPath: "../outside/secret.txt")
        let key = "c2VjcmV0LWtleS0zMi1ieXRlcy1sb25nLWZvci10ZXN0Zg=="
        let environment = ["SWITCHBOARD_ENCRYPTION_KEY": key, "DATABASE_URL": setup.database.url]
        let outputs = try ["validate", "plan", "reconcile"].map { command in
            try SwitchboardProcess.run(command == "validate" ? [command] : [command, "--database", setup.database.url],
                                       in: setup.root, environment: environment)
        }
        for outcome in outputs {
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("tenants.d/sip.yaml:2:69: error: password: {file: ../outside/secret.txt} is a symlink whose real path leaves the secrets root"))
            #expect(outcome.stderr.contains("tenants.d/sip.yaml:3:68: error: password: {env: DATABASE_URL} is a variable switchboard itself uses"))
            #expect(outcome.stderr.contains("tenants.d/sip.yaml:4:68: error: password: {env: SWITCHBOARD_ENCRYPTION_KEY} is a variable switchboard itself uses"))
            #expect(outcome.stderr.contains("tenants.d/stolen.yaml:1:1: error: symlink leads outside the repository"))
            for secret in [Self.outsideSecret, key, setup.database.url] {
                #expect(!(outcome.stdout + outcome.stderr).contains(secret))
            }
        }
        // Nothing was written: not even the schema.
        #expect(try Self.everyRow(setup).isEmpty)
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aResolvedSecretThatDoesNotFitItsColumnIsAnApplyErrorNamingTheAccount(_ dialect: SQLDialect) throws {
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: [
            "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Plateforme}\n",
            "tenants.d/sip.yaml": """
                sipAccounts:
                  - {label: Long, trunkUri: "sip:a@p.example", password: {env: SB_LONG_PW}}
                  - {label: Nul, trunkUri: "sip:b@p.example", password: {file: ../nul.txt}}

                """,
        ])
        try Data("abc\u{0}def".utf8).write(to: URL(fileURLWithPath: setup.root + "/nul.txt"))
        let long = String(repeating: "s", count: 300)
        let outcome = try setup.switchboard(["reconcile"], environment: ["SB_LONG_PW": long])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(
            "tenants.d/sip.yaml:2:13: error: password of SIP account 'Long': the secret is 300 characters long, more than its column takes (256)"))
        #expect(outcome.stderr.contains(
            "tenants.d/sip.yaml:3:13: error: password of SIP account 'Nul': the secret holds NUL at character 4, which the database cannot store as written"))
        #expect(outcome.stderr.contains("error: 2 secret(s) could not be resolved: nothing applied"))
        #expect(!(outcome.stdout + outcome.stderr).contains(long))
        #expect(try Self.everyRow(setup).isEmpty)
    }

    /// A `{file:}` inside the secrets root still reads only a regular file of a password's size: a
    /// large file or a folder is an apply error naming the account, and nothing of it is written.
    @Test func aSecretFileIsReadOnlyWhenARegularFileOfAPasswordsSize() throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite, files: [
            "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Plateforme}\n",
            "tenants.d/sip.yaml": """
                sipAccounts:
                  - {label: Big, trunkUri: "sip:a@p.example", password: {file: ../big.txt}}
                  - {label: Folder, trunkUri: "sip:b@p.example", password: {file: ../folder}}

                """,
        ])
        let big = String(repeating: "b", count: 64 * 1024 + 1)
        try setup.write("big.txt", big)
        try FileManager.default.createDirectory(atPath: setup.root + "/folder", withIntermediateDirectories: true)
        let outcome = try setup.switchboard(["reconcile"])
        let root = URL(fileURLWithPath: setup.root).resolvingSymlinksInPath().path
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(
            "tenants.d/sip.yaml:2:13: error: password of SIP account 'Big': secret file \(root)/big.txt is larger than 64 KiB: not read"))
        #expect(outcome.stderr.contains(
            "tenants.d/sip.yaml:3:13: error: password of SIP account 'Folder': cannot read secret file \(root)/folder (not a regular file)"))
        #expect(outcome.stderr.contains("error: 2 secret(s) could not be resolved: nothing applied"))
        #expect(!(outcome.stdout + outcome.stderr).contains(String(repeating: "b", count: 41)))
        #expect(try Self.everyRow(setup).isEmpty)
    }

    /// A server that completes the TCP handshake and never answers (a listening socket nobody
    /// accepts on): the connect timeout ends the run with one line and exit 1.
    @Test(arguments: [("?connect_timeout=2", [String: String](), 2.0), ("", ["PGCONNECT_TIMEOUT": "3"], 3.0), ("", [:], 10.0)])
    func aSilentDatabaseServerTimesOut(_ query: String, _ environment: [String: String], _ expected: Double) throws {
        let silent = try SilentServer()
        let setup = try ReconcileEndToEndTests.Setup(.sqlite, files: ["tenants.d/default.yaml": "tenant: {id: 1, name: Plateforme}\n"])
        var environment = environment
        if environment["PGCONNECT_TIMEOUT"] == nil { environment["PGCONNECT_TIMEOUT"] = "" }
        let url = "postgres://app:pw-not-shown-91@127.0.0.1:\(silent.port)/platform\(query)"
        let started = Date()
        let outcome = try SwitchboardProcess.run(["plan", "--database", url], in: setup.root, environment: environment)
        let seconds = -started.timeIntervalSinceNow
        print("silent server: plan gave up after \(String(format: "%.1f", seconds)) s (expected \(expected) s)")
        #expect(outcome.status == 1)
        #expect(seconds >= expected - 0.5 && seconds < expected + 5)
        #expect(outcome.stderr.hasPrefix("error: cannot connect to postgres://app@127.0.0.1:\(silent.port)/platform: "))
        #expect(outcome.stderr.contains("timeout expired"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("pw-not-shown-91"))
    }

    @Test(arguments: [
        "postgresql://app:Pw-unparsable-1%zz@127.0.0.1:1/db",
        "postgresql://app:Pw-unparsable-2@127.0.0.1:1/db?sslmode=nonsense",
        "postgresql://app:Pw-unparsable-3@127.0.0.1:notaport/db",
        "host=127.0.0.1 port=1 password=Pw-unparsable-4 dbname",
        "postgresql://app:Pw-unparsable-5@[::1/db",
    ])
    func noDatabasePasswordInAnyError(_ url: String) throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite, files: ["tenants.d/default.yaml": "tenant: {id: 1, name: Plateforme}\n"])
        for command in [["plan"], ["reconcile"], ["migrate"]] {
            let outcome = try SwitchboardProcess.run(command + ["--database", url], in: setup.root)
            #expect(outcome.status == 1)
            #expect(!(outcome.stdout + outcome.stderr).contains("Pw-unparsable"), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        }
    }

    @Test func aHookURLIsShownWithoutUserInfoOrQueryValues() throws {
        let closed = try ReloadListener.freePort()
        let setup = try ReconcileEndToEndTests.Setup(.sqlite, files: [
            "switchboard.yaml": """
                hooks:
                  sipReload:
                    http: {url: "http://hookuser:Hook-pass-77@127.0.0.1:\(closed)/reload?token=Tok-value-88&x", timeout: 1s, retries: 0}

                """,
            "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Plateforme}\n",
            "tenants.d/sip.yaml": "sipAccounts:\n  - {label: T, trunkUri: \"sip:a@p.example\", default: true}\n",
        ])
        let outcome = try setup.switchboard(["reconcile"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("SIP reload: POST http://127.0.0.1:\(closed)/reload?token=…&x: "), "\(outcome.stderr)")
        for secret in ["Hook-pass-77", "hookuser", "Tok-value-88"] {
            #expect(!(outcome.stdout + outcome.stderr).contains(secret))
        }
        let reload = try setup.switchboard(["reload"])
        #expect(!(reload.stdout + reload.stderr).contains("Hook-pass-77"))
        #expect(!(reload.stdout + reload.stderr).contains("Tok-value-88"))
    }

    /// Five reconciles in a row, each deleting 9% of the routes: with `guard.window` the second is
    /// refused (exit 3, nothing changed); without it, every one would pass.
    @Test(arguments: ReconcileEndToEndTests.dialects)
    func theGuardRemembersDeletionsWithinItsWindow(_ dialect: SQLDialect) throws {
        func tenant(_ count: Int) -> String {
            "tenant: {id: 7, slug: many, name: Many}\nroutes:\n  vocal: [" + (1...count).map { "\"+3310000\(String(format: "%04d", $0))\"" }.joined(separator: ", ") + "]\n"
        }
        let setup = try ReconcileEndToEndTests.Setup(dialect, files: [
            "switchboard.yaml": "guard: {maxDeletes: 10%, window: 24h}\n", "tenants.d/many.yaml": tenant(100),
        ])
        #expect(try setup.switchboard(["reconcile"]).status == 0)
        try setup.write("tenants.d/many.yaml", tenant(91))
        let first = try setup.switchboard(["reconcile"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try setup.count("tenant_routing") == 91)

        try setup.write("tenants.d/many.yaml", tenant(82))
        let before = try setup.snapshot()
        let second = try setup.switchboard(["reconcile"])
        #expect(second.status == 3)
        #expect(second.stdout.contains(
            "Refused: refusing to delete 9 routes after 9 deleted earlier in the last 24h (2 applied runs): 18 of 100 (18%): more than guard.maxDeletes (10%) within guard.window (24h); re-run with --allow-deletes if this is intended"),
            "\(second.stdout)")
        #expect(try setup.snapshot() == before)
        let plan = try setup.switchboard(["plan", "--format", "json"])
        #expect(plan.stdout.contains("refusing to delete 9 routes after 9 deleted earlier"))

        // Without the window each 9% passes on its own: the refusal above is the window's.
        try setup.write("switchboard.yaml", "guard: {maxDeletes: 10%}\n")
        #expect(try setup.switchboard(["plan", "--detailed-exitcode"]).status == 2)
        try setup.write("switchboard.yaml", "guard: {maxDeletes: 10%, window: 24h}\n")
        let allowed = try setup.switchboard(["reconcile", "--allow-deletes"])
        #expect(allowed.status == 0)
        #expect(try setup.count("tenant_routing") == 82)
    }
}

/// A TCP listener that never accepts: the kernel completes the handshake (the backlog), and then
/// nothing ever answers, like a database behind a hung proxy.
final class SilentServer {
    let port: Int
    private let socket: Int32

    init() throws {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0, listen(socket, 16) == 0 else { throw TimeoutError(what: "a listening socket") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }
}
