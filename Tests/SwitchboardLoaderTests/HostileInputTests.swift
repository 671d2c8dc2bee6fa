import Foundation
import Testing
import SwitchboardLoader
import SwitchboardModel

/// Whoever can open a pull request writes the tenant files (DESIGN §1 "Secrets", "Where files may
/// come from", §7). Each case asserts the exact located error, and that nothing of what lies outside
/// the repository reaches a diagnostic.
struct HostileInputTests {
    /// `base/repo/switchboard.yaml`, `base/repo/tenants.d/…`, and `base/outside/secret.txt`, which no
    /// tenant file may read.
    struct Repository {
        let base: String
        var repo: String { base + "/repo" }
        var tenants: String { repo + "/tenants.d" }
        static let outsideSecret = "outside-secret-7f3a9c"

        init(settings: String = "directory: tenants.d\n", files: [String: String] = [:]) throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-hostile-\(UUID().uuidString)").path
            try write("outside/secret.txt", Self.outsideSecret + "\n")
            try write("repo/switchboard.yaml", settings)
            try FileManager.default.createDirectory(atPath: base + "/repo/tenants.d", withIntermediateDirectories: true)
            for (name, text) in files { try write("repo/tenants.d/" + name, text) }
        }

        func write(_ name: String, _ text: String) throws {
            let url = URL(fileURLWithPath: base).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func link(_ name: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: tenants + "/" + name, withDestinationPath: target)
        }

        func load() throws -> LoadResult {
            let (settings, diagnostics) = SettingsLoader.load(path: repo + "/switchboard.yaml")
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            return try DirectoryLoader.load(directory: tenants, options: LoadOptions(settings: settings, directory: tenants))
        }

        /// Diagnostics as printed, paths relative to the tenant folder.
        func lines() throws -> [String] {
            try load().diagnostics.map {
                $0.description.replacingOccurrences(of: tenants + "/", with: "").replacingOccurrences(of: base, with: "BASE")
            }
        }
    }

    static func account(_ password: String) -> String {
        "sipAccounts:\n  - label: T\n    trunkUri: sip:t@attacker.example\n    password: \(password)\n"
    }

    @Test func fileSecretsStayInsideTheSecretsRoot() throws {
        let repository = try Repository(files: [
            "absolute.yaml": Self.account("{file: /etc/machine-id}"),
            "escape.yaml": Self.account("{file: ../../outside/secret.txt}").replacingOccurrences(of: "label: T", with: "label: U"),
            "inside.yaml": Self.account("{file: ../secrets/trunk.txt}").replacingOccurrences(of: "label: T", with: "label: V"),
            "through-link.yaml": Self.account("{file: ../secrets/link.txt}").replacingOccurrences(of: "label: T", with: "label: W"),
        ])
        try repository.write("repo/secrets/trunk.txt", "inside\n")
        try FileManager.default.createSymbolicLink(atPath: repository.repo + "/secrets/link.txt", withDestinationPath: "../../outside/secret.txt")
        let lines = try repository.lines()
        #expect(lines == [
            "absolute.yaml:4:22: error: password: {file: /etc/machine-id} is an absolute path: a secret file is named relative to the tenant file, inside the secrets root (BASE/repo)",
            "escape.yaml:4:22: error: password: {file: ../../outside/secret.txt} leads outside the secrets root (BASE/repo): set secrets.fileRoot in switchboard.yaml to read secrets from elsewhere",
            "through-link.yaml:4:22: error: password: {file: ../secrets/link.txt} is a symlink whose real path leaves the secrets root (BASE/repo)",
        ])
        #expect(!lines.joined().contains(Repository.outsideSecret))
    }

    /// switchboard.yaml is in the repository too: it may narrow the secrets root, never widen it;
    /// the operator's environment may.
    @Test func secretsFileRootNarrowsAndOnlyTheOperatorWidens() throws {
        let narrowed = try Repository(settings: "secrets: {fileRoot: secrets}\n", files: [
            "a.yaml": Self.account("{file: ../secrets/trunk.txt}"),
            "b.yaml": Self.account("{file: ../other.txt}").replacingOccurrences(of: "label: T", with: "label: U"),
        ])
        try narrowed.write("repo/secrets/trunk.txt", "x\n")
        #expect(try narrowed.lines() == [
            "b.yaml:4:22: error: password: {file: ../other.txt} leads outside the secrets root (BASE/repo/secrets): set secrets.fileRoot in switchboard.yaml to read secrets from elsewhere",
        ])

        for root in ["../outside", "/etc", "secrets/../.."] {
            let repository = try Repository(settings: "secrets: {fileRoot: \"\(root)\"}\n")
            let (_, diagnostics) = SettingsLoader.load(path: repository.repo + "/switchboard.yaml")
            #expect(diagnostics.map(\.message) == [
                "secrets.fileRoot '\(root)' leaves the repository (the folder of switchboard.yaml): a secrets root elsewhere is the operator's, through SWITCHBOARD_SECRETS_ROOT",
            ])
        }

        let widened = try Repository(files: ["a.yaml": Self.account("{file: ../../outside/secret.txt}")])
        let (settings, _) = SettingsLoader.load(path: widened.repo + "/switchboard.yaml")
        let options = LoadOptions(settings: settings, directory: widened.tenants, environment: ["SWITCHBOARD_SECRETS_ROOT": widened.base + "/outside"])
        let result = try DirectoryLoader.load(directory: widened.tenants, options: options)
        #expect(result.isValid, "\(result.diagnostics)")
        #expect(result.state.sipAccounts.first?.password == .file(path: widened.base + "/outside/secret.txt"))
    }

    @Test func environmentSecretsNeverReadSwitchboardsOwnVariables() throws {
        let names = ["DATABASE_URL", "SWITCHBOARD_ENCRYPTION_KEY", "SWITCHBOARD_DATABASE_URL", "PGPASSWORD", "SIP_RELOAD_TOKEN", "PLATFORM_DB"]
        var files: [String: String] = [:]
        for (index, name) in names.enumerated() {
            files["n\(index).yaml"] = Self.account("{env: \(name)}").replacingOccurrences(of: "label: T", with: "label: T\(index)")
        }
        // The e-mail channel's password too, with an SMTP host the author controls.
        files["mail.yaml"] = """
            tenant: {id: 9, name: Mail}
            channels:
              email:
                smtp: {host: smtp.attacker.example, port: 587, user: a@b.example, password: {env: SIP_RELOAD_TOKEN}, fromEmail: a@b.example}

            """
        let repository = try Repository(
            settings: "database: ${PLATFORM_DB}\nhooks:\n  sipReload:\n    http: {url: http://sip/reload, tokenEnv: SIP_RELOAD_TOKEN}\n",
            files: files)
        let lines = try repository.lines()
        let reserved = "is a variable switchboard itself uses (DATABASE_URL, SWITCHBOARD_*, PG*, and those switchboard.yaml names): a tenant file cannot read it"
        #expect(lines == [
            "mail.yaml:4:87: error: smtp.password: {env: SIP_RELOAD_TOKEN} \(reserved)",
            "n0.yaml:4:21: error: password: {env: DATABASE_URL} \(reserved)",
            "n1.yaml:4:21: error: password: {env: SWITCHBOARD_ENCRYPTION_KEY} \(reserved)",
            "n2.yaml:4:21: error: password: {env: SWITCHBOARD_DATABASE_URL} \(reserved)",
            "n3.yaml:4:21: error: password: {env: PGPASSWORD} \(reserved)",
            "n4.yaml:4:21: error: password: {env: SIP_RELOAD_TOKEN} \(reserved)",
            "n5.yaml:4:21: error: password: {env: PLATFORM_DB} \(reserved)",
        ])
    }

    @Test func secretsEnvAllowListRestrictsTheNames() throws {
        let repository = try Repository(
            settings: "secrets: {env: [\"SIP_*\", \"*_SMTP_PASSWORD\"]}\n",
            files: [
                "a.yaml": Self.account("{env: SIP_TRUNK_A_PASSWORD}"),
                "b.yaml": Self.account("{env: AWS_SECRET_ACCESS_KEY}").replacingOccurrences(of: "label: T", with: "label: U"),
            ])
        #expect(try repository.lines() == [
            "b.yaml:4:21: error: password: {env: AWS_SECRET_ACCESS_KEY} is not allowed by secrets.env in switchboard.yaml (SIP_*, *_SMTP_PASSWORD)",
        ])
    }

    @Test(arguments: [("SIP_*", "SIP_A", true), ("SIP_*", "XSIP_A", false), ("*_SMTP_PASSWORD", "ACME_SMTP_PASSWORD", true),
                      ("*_SMTP_PASSWORD", "ACME_SMTP_PASSWORDS", false), ("A?C", "ABC", true), ("A?C", "AC", false), ("*", "X", true)])
    func globs(_ pattern: String, _ name: String, _ matches: Bool) {
        #expect(SecretPolicy.matches(name, pattern: pattern) == matches)
    }

    @Test func symlinksLeavingTheRepositoryAreRefusedAndNeverRead() throws {
        let repository = try Repository(files: ["ok.yaml": "tenant: {id: 2, name: Ok}\n"])
        try repository.link("shadow.yaml", to: repository.base + "/outside/secret.txt")
        try repository.link("relative.yaml", to: "../../outside/secret.txt")
        try repository.link("outside-folder", to: repository.base + "/outside")
        try repository.write("repo/shared/inside.yaml", "tenant: {id: 3, name: Inside}\n")
        try repository.link("inside.yaml", to: "../shared/inside.yaml")
        try repository.link("loop", to: ".")
        try repository.link("dangling.yaml", to: "nowhere.yaml")
        // A FIFO named like a tenant file would block the reader forever: refused, never opened.
        #expect(mkfifo(repository.tenants + "/pipe.yaml", 0o600) == 0)
        let result = try repository.load()
        let lines = result.diagnostics.map {
            $0.description.replacingOccurrences(of: repository.tenants + "/", with: "").replacingOccurrences(of: repository.base, with: "BASE")
        }
        #expect(lines == [
            "dangling.yaml:1:1: error: symlink to nothing: not read",
            "loop:1:1: error: folder reached twice through symlinks (a loop): not read again",
            "outside-folder:1:1: error: symlink leads outside the repository (BASE/repo): not read",
            "pipe.yaml:1:1: error: not a regular file: not read",
            "relative.yaml:1:1: error: symlink leads outside the repository (BASE/repo): not read",
            "shadow.yaml:1:1: error: symlink leads outside the repository (BASE/repo): not read",
        ])
        #expect(result.state.tenants.map(\.id).sorted() == [2, 3])
        #expect(!lines.joined().contains(Repository.outsideSecret))
    }

    /// A pull request's huge file is refused from its size, before a byte of it is read or
    /// allocated (a sparse file: 16 MiB and one byte that take no disk), and the others still load.
    @Test func aTenantFileLargerThanTheLimitIsRefusedUnread() throws {
        let repository = try Repository(files: ["ok.yaml": "tenant: {id: 2, name: Ok}\n", "huge.yaml": ""])
        #expect(truncate(repository.tenants + "/huge.yaml", off_t(16 << 20) + 1) == 0)
        let result = try repository.load()
        let lines = result.diagnostics.map { $0.description.replacingOccurrences(of: repository.tenants + "/", with: "") }
        #expect(lines == ["huge.yaml:1:1: error: file is 16,777,217 bytes, more than a tenant file may hold (16 MiB): not read"])
        #expect(result.state.tenants.map(\.id) == [2])
        // One byte less is read (and is then not YAML: NUL bytes).
        #expect(truncate(repository.tenants + "/huge.yaml", off_t(16 << 20)) == 0)
        #expect(try repository.lines().allSatisfy { !$0.contains("more than a tenant file may hold") })
    }

    /// The folders of the top level are walked on cores of their own: a folder both reach (a
    /// symlink across them) is still read once and refused once, as one walk does.
    @Test func aFolderReachedFromTwoTopLevelFoldersIsReadOnce() throws {
        let repository = try Repository(files: ["a/t.yaml": "tenant: {id: 2, name: A}\n", "c/u.yaml": "tenant: {id: 3, name: C}\n"])
        try FileManager.default.createDirectory(atPath: repository.tenants + "/b", withIntermediateDirectories: true)
        try repository.link("b/link", to: "../a")
        let result = try repository.load()
        let lines = result.diagnostics.map { $0.description.replacingOccurrences(of: repository.tenants + "/", with: "") }
        // Which of the two paths is the second visit is the order the file system lists them in.
        #expect(lines.count == 1, "\(lines)")
        #expect(["a:1:1", "b/link:1:1"].contains { lines.first?.hasPrefix($0) == true }, "\(lines)")
        #expect(lines.first?.hasSuffix("error: folder reached twice through symlinks (a loop): not read again") == true)
        #expect(result.state.tenants.map(\.id).sorted() == [2, 3])
    }

    @Test func aFileThatIsNotATenantFileIsOneErrorQuotingNothing() throws {
        let shadowLike = (1...200).map { "user\($0):$6$salt$hash\($0):19000:0:99999:7:::" }.joined(separator: "\n")
        let repository = try Repository(files: [
            "shadow.yaml": shadowLike,
            "config.yaml": (1...200).map { "key\($0): value\($0)" }.joined(separator: "\n"),
            "list.yaml": "- a\n- b\n",
        ])
        #expect(try repository.lines() == [
            "config.yaml:1:1: error: not a tenant file: expected a mapping with some of tenant, routes, channels, sipAccounts, found a mapping without any of them",
            "list.yaml:1:1: error: not a tenant file: expected a mapping with some of tenant, routes, channels, sipAccounts, found a list",
            "shadow.yaml:1:1: error: not a tenant file: expected a mapping with some of tenant, routes, channels, sipAccounts, found a mapping without any of them",
        ])
    }

    @Test func messagesQuoteAShortEscapedExcerptOnly() throws {
        let long = String(repeating: "x", count: 1000)
        let repository = try Repository(files: [
            "a.yaml": "tenant: {id: 2, name: A}\n\(long): 1\n\"bad\\nkey\\u001b[31m\": 2\n",
        ])
        let lines = try repository.lines()
        #expect(lines == [
            "a.yaml:2:1: error: unknown top-level key '\(String(repeating: "x", count: 40))…' (known: tenant, routes, channels, sipAccounts)",
            "a.yaml:3:1: error: unknown top-level key 'bad\\nkey\\u{1B}[31m' (known: tenant, routes, channels, sipAccounts)",
        ])
        #expect(lines.allSatisfy { $0.count < 200 })
    }

    @Test func controlCharactersAndColumnLimitsAreValidateErrors() throws {
        let label = String(repeating: "L", count: 129)
        let password = String(repeating: "p", count: 257)
        let repository = try Repository(files: [
            "a.yaml": """
                tenant: {id: 2, name: "A\\0b"}
                sipAccounts:
                  - {label: "Trunk\\u202Eevil", trunkUri: "sip:a@b.example"}
                  - {label: \(label), trunkUri: "sip:a@b.example"}
                  - {label: Long, trunkUri: "sip:a@b.example", password: \(password), contact: {host: "\(String(repeating: "h", count: 256))"}}

                """,
            "b.yaml": "tenant: {id: 3, name: B}\nroutes: {web: [\"key-with-bell-\\a-character\"], vocal: [\"+33 1 00 00 00 0\\u0000\"]}\n",
        ])
        #expect(try repository.lines() == [
            "a.yaml:1:23: error: 'name' holds NUL at character 2 (control and invisible formatting characters are refused)",
            "a.yaml:3:13: error: 'label' holds U+202E at character 6 (control and invisible formatting characters are refused)",
            "a.yaml:4:13: error: 'label' is 129 characters long (at most 128)",
            "a.yaml:5:58: error: 'password' is 257 characters long (at most 256)",
            "a.yaml:5:333: error: 'contact.host' is 256 characters long (at most 255)",
            "b.yaml:2:16: error: web key has a control or non-ASCII character at position 15 (it travels as an HTTP header: printable ASCII and single spaces only)",
            "b.yaml:2:55: error: 'vocal' holds NUL at character 17 (control and invisible formatting characters are refused)",
        ])
    }

    /// DESIGN §7: nesting 100,000 levels deep, a billion-laughs alias bomb and a 10 MB file of
    /// conflicts each get located errors within seconds, in bounded memory and output.
    @Test func boundedWorkOnAnyInput() throws {
        let depth = 100_000
        let repository = try Repository(files: [
            "deep.yaml": "routes:\n  vocal: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n",
            "deep-block.yaml": (0..<2_000).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n",
            "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...9).map { level in
                let previous = level == 1 ? "a" : "l\(level - 1)"
                return "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]"
            }.joined(separator: "\n") + "\n",
        ])
        // 10 MB: 600,001 times the same number.
        let conflicts = 600_001
        var big = "tenant: {id: 5, name: Conflicts}\nroutes:\n  vocal:\n"
        big.reserveCapacity(conflicts * 12)
        for _ in 0..<conflicts { big += "  - +33100000001\n" }
        try repository.write("repo/tenants.d/conflicts.yaml", big)
        try repository.write("repo/tenants.d/many-errors.yaml",
                             "tenant: {id: 6, name: Errors}\nroutes:\n  vocal:\n" + String(repeating: "  - \"+33 12\"\n", count: 100_000))

        let started = Date()
        let before = Self.peakResidentMegabytes()
        let lines = try repository.lines()
        let seconds = -started.timeIntervalSinceNow
        let output = lines.joined(separator: "\n")
        print("bounded input: \(big.utf8.count / 1_000_000) MB conflict file + 100,000 invalid numbers + \(depth)-level nesting + alias bomb: \(String(format: "%.2f", seconds)) s, \(lines.count) lines, \(output.utf8.count) bytes of diagnostics, peak RSS \(before) → \(Self.peakResidentMegabytes()) MB")
        #expect(lines.contains("bomb.yaml:4:9: error: aliases expand to more than 100,000 values (an alias bomb?): not read further")
            || lines.contains { $0.hasPrefix("bomb.yaml:") && $0.contains("aliases expand to more than 100,000 values") })
        #expect(lines.contains("deep.yaml:2:72: error: nesting deeper than 64 levels (a tenant file needs at most 5): not read further"))
        #expect(lines.contains { $0.hasPrefix("deep-block.yaml:") && $0.contains("nesting deeper than 64 levels") })
        // One conflict line, listing 10 places and counting the rest; each number is also too short.
        let conflict = lines.filter { $0.contains("is declared 600001 times") }
        #expect(conflict.count == 1)
        #expect(conflict.first?.hasSuffix(" and 599,991 more places") == true)
        #expect(lines.filter { $0.hasPrefix("conflicts.yaml:") } == conflict)
        // At most 100 diagnostics a file, then one line counting the rest.
        #expect(lines.filter { $0.hasPrefix("many-errors.yaml:") }.count == 101)
        #expect(lines.last { $0.hasPrefix("many-errors.yaml:") }
            == "many-errors.yaml:104:5: error: and 99,900 more problems in this file (99,900 errors; the first 100 are shown)")
        #expect(output.utf8.count < 100_000)
        // Seconds in a release build (see the closing note); a debug build under a parallel suite is slower.
        #expect(seconds < 60)
    }

    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
