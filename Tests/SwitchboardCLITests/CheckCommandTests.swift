import Foundation
import Testing
import SwitchboardStore

/// `switchboard check`, `plan --check` and `gate: {checks: required}` against real servers on
/// loopback (issue "check"): each asserts the exact outcome line and that no secret appears in
/// any output.
struct CheckCommandTests {
    static let trunkPassword = "trunk-secret-5150"
    static let smtpPassword = "smtp-secret-8086"
    static let secrets = ["TRUNK_PASSWORD": trunkPassword, "WRONG_TRUNK_PASSWORD": "not-the-trunk-password",
                          "SMTP_PASSWORD": smtpPassword, "WRONG_SMTP_PASSWORD": "not-the-smtp-password",
                          "WA_VALID": "valid-token", "WA_EXPIRED": "expired-token", "WA_INVALID": "made-up-token"]

    /// Every secret above, and none of them may be printed.
    func expectNoSecret(_ outcome: SwitchboardProcess.Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in Self.secrets {
            #expect(!outcome.stdout.contains(value) && !outcome.stderr.contains(value), "\(name) printed", sourceLocation: sourceLocation)
        }
    }

    func check(_ arguments: [String], in folder: String, servers: CheckServers, environment: [String: String] = [:]) throws -> SwitchboardProcess.Outcome {
        try SwitchboardProcess.run(["check"] + arguments, in: folder,
                                   environment: servers.environment.merging(Self.secrets) { $1 }.merging(environment) { $1 })
    }

    /// The report's lines for rows, times masked.
    func rowLines(_ output: String) -> [String] {
        output.withoutTimings.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  ok ") || $0.hasPrefix("  failed ") }
    }

    static func trunk(_ label: String, _ uri: String, password: String = "TRUNK_PASSWORD", extra: String = "") -> String {
        "  - {label: \(label), trunkUri: \"\(uri)\", username: alice, password: {env: \(password)}\(extra)}\n"
    }

    @Test func trunksAnswerOverUDPTCPAndTLSAndRegisterWithDigest() throws {
        let servers = try CheckServers()
        let registrarUDP = try servers.sipp(scenario: "sip-register.xml", transport: "u1", password: Self.trunkPassword)
        let registrarTCP = try servers.sipp(scenario: "sip-register.xml", transport: "t1", password: Self.trunkPassword)
        let registrarTLS = try servers.tls(to: registrarTCP)
        let silent = try servers.silentUDPPort()
        let folder = try SwitchboardProcess.folder([
            "tenants.d/sip.yaml": "sipAccounts:\n"
                + Self.trunk("UDP trunk", "sip:alice@127.0.0.1:\(registrarUDP)")
                + Self.trunk("Wrong password", "sip:alice@127.0.0.1:\(registrarUDP)", password: "WRONG_TRUNK_PASSWORD")
                + Self.trunk("TCP trunk", "sip:alice@127.0.0.1:\(registrarTCP)", extra: ", contact: {host: 127.0.0.1, port: 5060, transport: tcp}")
                + Self.trunk("TLS trunk", "sips:alice@127.0.0.1:\(registrarTLS)")
                + Self.trunk("Down trunk", "sip:alice@127.0.0.1:\(silent)")
                + Self.trunk("Off trunk", "sip:alice@127.0.0.1:\(silent)", extra: ", active: false"),
        ])
        let outcome = try check(["--register", "--timeout", "1500ms"], in: folder, servers: servers)
        #expect(outcome.status == 4, "\(outcome.stderr)")
        #expect(rowLines(outcome.stdout) == [
            "  ok      sip       \"UDP trunk\"  OPTIONS answered 200 OK, REGISTER accepted (digest), un-registered over UDP  (… ms)  tenants.d/sip.yaml:2",
            "  failed  sip       \"Wrong password\"  REGISTER refused: 403 Forbidden (wrong username or password)  (… ms)  tenants.d/sip.yaml:3",
            "  ok      sip       \"TCP trunk\"  OPTIONS answered 200 OK, REGISTER accepted (digest), un-registered over TCP  (… ms)  tenants.d/sip.yaml:4",
            "  ok      sip       \"TLS trunk\"  OPTIONS answered 200 OK, REGISTER accepted (digest), un-registered over TLS  (… ms)  tenants.d/sip.yaml:5",
            "  failed  sip       \"Down trunk\"  timeout: no answer to OPTIONS over UDP within 1.5 s  (… ms)  tenants.d/sip.yaml:6",
        ], "\(outcome.stdout)")
        #expect(outcome.stdout.withoutTimings.hasSuffix("Checks: 3 ok, 2 failed (… s).\n"))
        expectNoSecret(outcome)

        // Without --register: OPTIONS only, against a UAS that knows nothing else; a TLS trunk
        // whose certificate nobody vouches for fails with the reason.
        let optionsOnly = try servers.sipp(scenario: "sip-options.xml", transport: "u1")
        try "sipAccounts:\n\(Self.trunk("Options trunk", "sip:alice@127.0.0.1:\(optionsOnly)"))\(Self.trunk("TLS trunk", "sips:alice@127.0.0.1:\(registrarTLS)"))"
            .write(toFile: folder + "/tenants.d/sip.yaml", atomically: true, encoding: .utf8)
        let options = try check(["--format", "json"], in: folder, servers: servers, environment: ["SSL_CERT_FILE": servers.untrustedCertificate.certificate])
        #expect(options.status == 4)
        let checks = try #require(try JSONSerialization.jsonObject(with: Data(options.stdout.utf8)) as? [String: Any])["checks"] as? [[String: Any]]
        #expect(checks?.map { $0["detail"] as? String } == [
            "OPTIONS answered 200 OK over UDP",
            "TLS error: certificate not trusted (self-signed certificate)",
        ])
        #expect(checks?.map { $0["status"] as? String } == ["ok", "failed"])
    }

    static func emailTenant(_ id: Int, _ slug: String, port: Int, secure: Bool, password: String = "SMTP_PASSWORD") -> String {
        """
        tenant: {id: \(id), slug: \(slug), name: \(slug)}
        channels:
          email:
            enabled: true
            smtp: {host: 127.0.0.1, port: \(port), secure: \(secure), user: contact@\(slug).example, password: {env: \(password)}, fromEmail: contact@\(slug).example}

        """
    }

    @Test func smtpServersAreAskedForAuthNeverForAMail() throws {
        let servers = try CheckServers()
        let (ports, serverOutput) = try servers.smtp([.starttls, .none, .untrustedStarttls], user: "contact@shared.example", password: Self.smtpPassword)
        func tenant(_ id: Int, _ slug: String, port: Int, secure: Bool, password: String = "SMTP_PASSWORD") -> String {
            Self.emailTenant(id, slug, port: port, secure: secure, password: password)
                .replacingOccurrences(of: "user: contact@\(slug).example", with: "user: contact@shared.example")
        }
        let folder = try SwitchboardProcess.folder([
            "tenants.d/a-good.yaml": tenant(1, "good", port: ports[0], secure: true),
            "tenants.d/b-wrong.yaml": tenant(2, "wrong", port: ports[0], secure: true, password: "WRONG_SMTP_PASSWORD"),
            "tenants.d/c-no-tls.yaml": tenant(3, "notls", port: ports[1], secure: true),
            "tenants.d/d-loopback.yaml": tenant(4, "loopback", port: ports[1], secure: false),
            "tenants.d/e-untrusted.yaml": tenant(5, "untrusted", port: ports[2], secure: true),
            "tenants.d/f-unset.yaml": tenant(6, "unset", port: ports[0], secure: true, password: "NOT_SET_ANYWHERE"),
        ])
        let outcome = try check([], in: folder, servers: servers)
        #expect(outcome.status == 4, "\(outcome.stderr)")
        #expect(rowLines(outcome.stdout) == [
            "  ok      smtp      good  AUTH PLAIN accepted over STARTTLS  (… ms)  tenants.d/a-good.yaml:3",
            "  failed  smtp      wrong  AUTH refused: 535 5.7.8 Authentication credentials invalid  (… ms)  tenants.d/b-wrong.yaml:3",
            "  failed  smtp      notls  the server offers no STARTTLS and secure is true  (… ms)  tenants.d/c-no-tls.yaml:3",
            "  ok      smtp      loopback  AUTH PLAIN accepted without TLS (loopback)  (… ms)  tenants.d/d-loopback.yaml:3",
            "  failed  smtp      untrusted  TLS error: certificate not trusted (self-signed certificate)  (… ms)  tenants.d/e-untrusted.yaml:3",
            "  failed  smtp      unset  the password is not readable here: environment variable NOT_SET_ANYWHERE is not set  (… ms)  tenants.d/f-unset.yaml:3",
        ], "\(outcome.stdout)")
        #expect(!serverOutput().contains("DATA received"))
        expectNoSecret(outcome)

        // --tenant and --only narrow the rows; markdown for a pull request.
        let one = try check(["--tenant", "good", "--only", "smtp", "--format", "markdown"], in: folder, servers: servers)
        #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
        let markdown = one.stdout.replacingOccurrences(of: #"\| \d+ ms \|"#, with: "| … ms |", options: .regularExpression)
        #expect(markdown == """
            ### switchboard check

            Checks: 1 ok, 0 failed: 1 e-mail channel.

            | | kind | row | result | time |
            |---|---|---|---|---:|
            | ✅ | smtp | `good` | AUTH PLAIN accepted over STARTTLS | … ms |

            """, "\(one.stdout)")
    }

    /// Servers a pull request can point a row at say what they like: an endless line, an endless
    /// SIP header, a reply that echoes the password with terminal escapes and a bidirectional
    /// override. The check reads a bounded amount, prints one clean line, and never the secret.
    @Test func hostileServersGetOneBoundedCleanLine() throws {
        let servers = try CheckServers()
        let endless = servers.scriptedTCPServer("220 " + String(repeating: "A", count: 100_000))
        let echoing = servers.scriptedTCPServer(
            "220 hostile\r\n250-hostile\r\n250 AUTH PLAIN\r\n535 5.7.8 nope: \(Self.smtpPassword) was wrong \u{1B}[2J\u{202E}txt\r\n")
        let sipHeaders = servers.scriptedTCPServer("SIP/2.0 200 OK\r\nX-Padding: " + String(repeating: "B", count: 70_000))
        let folder = try SwitchboardProcess.folder([
            "tenants.d/a.yaml": Self.emailTenant(2, "endless", port: endless, secure: false),
            "tenants.d/b.yaml": Self.emailTenant(3, "echoing", port: echoing, secure: false),
            "tenants.d/sip.yaml": "sipAccounts:\n" + Self.trunk("Padded", "sip:alice@127.0.0.1:\(sipHeaders);transport=tcp"),
        ])
        let outcome = try check(["--timeout", "2s"], in: folder, servers: servers)
        #expect(outcome.status == 4)
        #expect(rowLines(outcome.stdout) == [
            "  failed  sip       \"Padded\"  the server sent more than 64 KB without an end of message  (… ms)  tenants.d/sip.yaml:2",
            "  failed  smtp      endless  the server sent more than 4 KB without an end of message  (… ms)  tenants.d/a.yaml:3",
            "  failed  smtp      echoing  AUTH refused: 535 5.7.8 nope: (secret) was wrong [2Jtxt  (… ms)  tenants.d/b.yaml:3",
        ], "\(outcome.stdout)")
        #expect(outcome.stdout.utf8.count < 2000)
        expectNoSecret(outcome)
    }

    @Test func whatsAppTokensAreAskedOfTheGraphAPI() throws {
        let servers = try CheckServers()
        let graph = try servers.graphAPI()
        func tenant(_ id: Int, _ slug: String, numberID: String, token: String) -> String {
            """
            tenant: {id: \(id), slug: \(slug), name: \(slug)}
            channels:
              whatsapp: {enabled: true, whatsappNumber: "+33612345678", phoneNumberId: "\(numberID)", apiToken: {env: \(token)}}

            """
        }
        let folder = try SwitchboardProcess.folder([
            "switchboard.yaml": "whatsapp: {apiBase: \"\(graph.base)\"}\n",
            "tenants.d/a.yaml": tenant(1, "valid", numberID: "111", token: "WA_VALID"),
            "tenants.d/b.yaml": tenant(2, "expired", numberID: "111", token: "WA_EXPIRED"),
            "tenants.d/c.yaml": tenant(3, "elsewhere", numberID: "222", token: "WA_VALID"),
            "tenants.d/d.yaml": tenant(4, "invalid", numberID: "111", token: "WA_INVALID"),
            "tenants.d/e.yaml": tenant(5, "unknown", numberID: "999", token: "WA_VALID"),
        ])
        let outcome = try check(["--only", "whatsapp"], in: folder, servers: servers)
        #expect(outcome.status == 4, "\(outcome.stderr)")
        #expect(rowLines(outcome.stdout) == [
            "  ok      whatsapp  valid  token valid; phoneNumberId 111 is +33612345678  (… ms)  tenants.d/a.yaml:3",
            "  failed  whatsapp  expired  token expired (Graph API 401, code 190/463)  (… ms)  tenants.d/b.yaml:3",
            "  failed  whatsapp  elsewhere  wrong number: phoneNumberId 222 is +44 7700 900123, not whatsappNumber +33612345678  (… ms)  tenants.d/c.yaml:3",
            "  failed  whatsapp  invalid  token invalid (Graph API 401, code 190)  (… ms)  tenants.d/d.yaml:3",
            "  failed  whatsapp  unknown  phoneNumberId 999 not found with this token (Graph API 400, code 100/33)  (… ms)  tenants.d/e.yaml:3",
        ], "\(outcome.stdout)")
        #expect(graph.requests().sorted() == ["111", "111", "111", "222", "999"].map { "/v21.0/\($0)?fields=display_phone_number,verified_name" })
        expectNoSecret(outcome)
    }

    /// switchboard.yaml is in the repository a pull request writes: the tokens go only to the
    /// Graph API or to loopback.
    @Test func anAPIBaseElsewhereIsRefusedWithItsPlace() throws {
        for base in ["https://graph.facebook.com.evil.example/v21.0", "http://graph.facebook.com/v21.0", "https://collector.example/x", "ftp://127.0.0.1/"] {
            let folder = try SwitchboardProcess.folder([
                "switchboard.yaml": "whatsapp:\n  apiBase: \"\(base)\"\n",
                "tenants.d/a.yaml": "tenant: {id: 1, slug: a, name: A}\n",
            ])
            let outcome = try SwitchboardProcess.run(["check"], in: folder)
            #expect(outcome.status == 1)
            let line = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(line.hasPrefix("switchboard.yaml:2:12: error: whatsapp.apiBase '\(base.prefix(24))"), "\(outcome.stderr)")
            #expect(line.hasSuffix("' must be the Graph API over https (*.facebook.com) or a server on loopback: the tenants' tokens are sent to it"))
            #expect(outcome.stdout.isEmpty)
        }
    }

    @Test func aRequiredGateRefusesAnApplyWhoseCheckFailsAndPlanShowsEachResult() throws {
        let servers = try CheckServers()
        let (ports, _) = try servers.smtp([.starttls], user: "contact@acme.example", password: Self.smtpPassword)
        let folder = try SwitchboardProcess.folder([
            "switchboard.yaml": "gate: {checks: required}\n",
            "tenants.d/acme.yaml": Self.emailTenant(42, "acme", port: ports[0], secure: true, password: "WRONG_SMTP_PASSWORD"),
        ])
        let environment = servers.environment.merging(Self.secrets) { $1 }.merging(["SWITCHBOARD_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]) { $1 }
        let refused = try SwitchboardProcess.run(["reconcile"], in: folder, environment: environment)
        #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.withoutTimings.contains("""
              + channel  42 email  enabled   tenants.d/acme.yaml:3
                  check failed: AUTH refused: 535 5.7.8 Authentication credentials invalid (… ms)
            """), "\(refused.stdout)")
        #expect(refused.stdout.contains("Refused: gate: {checks: required} in switchboard.yaml, and 1 check failed (smtp acme); nothing applied"))
        let database = folder + "/switchboard.db"
        func count(_ table: String) throws -> Int {
            let connection = try Database.connect(.sqlite(path: database))
            defer { connection.close() }
            return Int(try connection.scalar("SELECT count(*) FROM \(table)") ?? "0") ?? 0
        }
        #expect(try count("channel_configurations") == 0)
        #expect(try count("tenants") == 0)
        expectNoSecret(refused)
        // A plain plan (a pull request's job: no secrets, no reach) does not check, so is not refused.
        let plainPlan = try SwitchboardProcess.run(["plan"], in: folder, environment: environment)
        #expect(plainPlan.status == 0, "\(plainPlan.stdout)")
        #expect(!plainPlan.stdout.contains("check "))

        // The right password: the same apply goes through, each row's check beside it.
        try Self.emailTenant(42, "acme", port: ports[0], secure: true).write(toFile: folder + "/tenants.d/acme.yaml", atomically: true, encoding: .utf8)
        let plan = try SwitchboardProcess.run(["plan", "--check", "--format", "json"], in: folder, environment: environment)
        #expect(plan.status == 0, "\(plan.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let channel = (document["changes"] as? [[String: Any]])?.first { $0["kind"] as? String == "channels" }
        #expect((channel?["check"] as? [String: Any])?["detail"] as? String == "AUTH PLAIN accepted over STARTTLS")
        let applied = try SwitchboardProcess.run(["reconcile"], in: folder, environment: environment)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.withoutTimings.contains("      check ok: AUTH PLAIN accepted over STARTTLS (… ms)"))
        #expect(try count("channel_configurations") == 1)
        expectNoSecret(applied)
    }

    /// 50 trunks and 200 SMTP accounts, each on its own row, checked within the timeout plus one second.
    @Test func manyRowsAreCheckedInParallelWithinTheTimeout() throws {
        let servers = try CheckServers()
        let uas = try servers.sipp(scenario: "sip-options.xml", transport: "u1")
        let (ports, _) = try servers.smtp([.none], user: "contact@shared.example", password: Self.smtpPassword)
        var files = ["tenants.d/sip.yaml": "sipAccounts:\n" + (1...50).map { Self.trunk("Trunk \($0)", "sip:alice@127.0.0.1:\(uas)") }.joined()]
        for id in 1...200 {
            files["tenants.d/t\(id).yaml"] = Self.emailTenant(id, "t\(id)", port: ports[0], secure: false)
                .replacingOccurrences(of: "user: contact@t\(id).example", with: "user: contact@shared.example")
        }
        let folder = try SwitchboardProcess.folder(files)
        let started = Date()
        let outcome = try check(["--timeout", "2s"], in: folder, servers: servers)
        let seconds = -started.timeIntervalSinceNow
        print("check: 50 SIP trunks and 200 SMTP accounts in \(String(format: "%.2f", seconds)) s (timeout 2 s, concurrency 16)")
        #expect(outcome.status == 0, "\(outcome.stdout.suffix(2000))\(outcome.stderr)")
        #expect(rowLines(outcome.stdout).count == 250)
        #expect(outcome.stdout.contains("Checks: 250 ok, 0 failed"))
        #expect(seconds <= 3.0)

        // The same rows when nothing answers: every check ends at its deadline, all at once.
        let silentTrunk = try servers.silentUDPPort(), silentSMTP = try servers.silentTCPPort()
        var silentFiles = ["tenants.d/sip.yaml": "sipAccounts:\n" + (1...50).map { Self.trunk("Trunk \($0)", "sip:alice@127.0.0.1:\(silentTrunk)") }.joined()]
        for id in 1...200 { silentFiles["tenants.d/t\(id).yaml"] = Self.emailTenant(id, "t\(id)", port: silentSMTP, secure: false) }
        let silentFolder = try SwitchboardProcess.folder(silentFiles)
        let silentStarted = Date()
        let silent = try check(["--timeout", "1s", "--concurrency", "250"], in: silentFolder, servers: servers)
        let silentSeconds = -silentStarted.timeIntervalSinceNow
        print("check: 50 silent SIP trunks and 200 silent SMTP servers in \(String(format: "%.2f", silentSeconds)) s (timeout 1 s, concurrency 250)")
        #expect(silent.status == 4)
        #expect(silent.stdout.contains("Checks: 0 ok, 250 failed"))
        #expect(rowLines(silent.stdout).filter { $0.contains("timeout: no answer") }.count == 250, "\(silent.stdout.prefix(3000))")
        #expect(silentSeconds <= 2.0)
    }

    /// The daemon checks what an apply changed and reports it in /status and /metrics; a failed
    /// check is logged, and the apply stands.
    @Test func theDaemonChecksWhatAnApplyChangedAndReportsIt() throws {
        let servers = try CheckServers()
        let (ports, _) = try servers.smtp([.starttls], user: "contact@acme.example", password: Self.smtpPassword)
        let folder = try SwitchboardProcess.folder(["tenants.d/acme.yaml": Self.emailTenant(42, "acme", port: ports[0], secure: true)])
        let environment = servers.environment.merging(Self.secrets) { $1 }
            .merging(["SWITCHBOARD_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]) { $1 }
        let daemon = try RunningDaemon(in: folder, database: "sqlite:\(folder)/platform.db", environment: environment)
        try daemon.waitForStart()
        func check(_ status: [String: Any]) -> [String: Any]? { (status["checks"] as? [[String: Any]])?.first }
        var status = try daemon.wait("the check of the new channel") { check($0) != nil }
        #expect(check(status)?["kind"] as? String == "smtp")
        #expect(check(status)?["name"] as? String == "acme")
        #expect(check(status)?["status"] as? String == "ok")
        #expect(check(status)?["detail"] as? String == "AUTH PLAIN accepted over STARTTLS")
        var metrics = daemon.get("/metrics")?.1 ?? ""
        #expect(metrics.contains("switchboard_check_up{kind=\"smtp\",name=\"acme\"} 1"), "\(metrics)")
        #expect(metrics.contains("switchboard_check_duration_seconds{kind=\"smtp\",name=\"acme\"}"))

        // A wrong password is applied (the daemon does not roll back), then reported.
        try Self.emailTenant(42, "acme", port: ports[0], secure: true, password: "WRONG_SMTP_PASSWORD")
            .write(toFile: folder + "/tenants.d/acme.yaml", atomically: true, encoding: .utf8)
        status = try daemon.wait("the failed check") { check($0)?["status"] as? String == "failed" }
        #expect(check(status)?["detail"] as? String == "AUTH refused: 535 5.7.8 Authentication credentials invalid")
        #expect(status.lastRun?["outcome"] as? String == "applied")
        metrics = daemon.get("/metrics")?.1 ?? ""
        #expect(metrics.contains("switchboard_check_up{kind=\"smtp\",name=\"acme\"} 0"))
        // Every metric with HELP and TYPE, as Prometheus's own linter wants them.
        #expect(metrics.contains("switchboard_build_info{version=\"0.1.0\",revision=\"unknown\"} 1"))
        let lint = try Self.promtool(metrics)
        #expect(lint.status == 0, "promtool check metrics: \(lint.output)\n\(metrics)")
        daemon.signal(SIGTERM)
        let outcome = try daemon.process.wait()
        #expect(outcome.stderr.contains("check failed: AUTH refused: 535 5.7.8 Authentication credentials invalid"), "\(outcome.stderr)")
        for value in Self.secrets.values { #expect(!outcome.stderr.contains(value)) }
    }

    /// A first apply of many channels is not followed by as many logins to the tenants' servers.
    @Test func theDaemonDoesNotCheckAnApplyOfManyRows() throws {
        let closed = try ReloadListener.freePort()
        var files: [String: String] = [:]
        for id in 2...102 { files["tenants.d/t\(id).yaml"] = Self.emailTenant(id, "t\(id)", port: closed, secure: false) }
        let folder = try SwitchboardProcess.folder(files)
        let environment = Self.secrets.merging(["SWITCHBOARD_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]) { $1 }
        let daemon = try RunningDaemon(in: folder, database: "sqlite:\(folder)/platform.db", environment: environment)
        try daemon.waitForStart()
        daemon.signal(SIGTERM)
        let outcome = try daemon.process.wait()
        #expect(outcome.stderr.contains("101 SIP accounts and channels changed: more than 100, not checked after this apply (run `switchboard check`)"), "\(outcome.stderr.suffix(2000))")
        #expect(!outcome.stderr.contains("check failed"))
    }

    /// `promtool check metrics` (Debian's prometheus package) on an exposition.
    static func promtool(_ metrics: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(metrics.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
