import Foundation
import Testing

/// One error style everywhere (issue "Ship it…"): `location: error: message`, location first when
/// there is one, lowercase, one line; the source of a setting named; a usage error shows the
/// usage of the subcommand that was mistyped and exits 64.
struct ErrorStyleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var files: [String: String] = [:]
        var environment: [String: String] = [:]
        var status: Int32
        /// Standard error, exactly.
        var stderr: String

        var testDescription: String { name }
    }

    static let urlRule = "unrecognised database URL (expected postgres://…, postgresql://…, key=value, sqlite:PATH or a .db file)"

    static let cases: [Case] = [
        Case(name: "a bad daemon flag shows the daemon's usage", arguments: ["daemon", "--interval", "soon"], status: 64, stderr: """
            error: --interval must be a duration like 60s, 5m or 1m30s (at most 8784h), found 'soon'
            Usage: switchboard daemon <options>
              See 'switchboard daemon --help' for more information.

            """),
        Case(name: "an unknown flag, lowercase", arguments: ["plan", "--bogus"], status: 64, stderr: """
            error: unknown option '--bogus'. Did you mean '--out'?
            Usage: switchboard plan <options>
              See 'switchboard plan --help' for more information.

            """),
        Case(name: "a database URL from the flag", arguments: ["plan", "--database", "nonsense"], status: 1,
             stderr: "error: --database: \(urlRule)\n"),
        Case(name: "a database URL from the environment", arguments: ["plan"], environment: ["DATABASE_URL": "nonsense"], status: 1,
             stderr: "error: DATABASE_URL: \(urlRule)\n"),
        Case(name: "a database URL from the settings file, located", arguments: ["plan"],
             files: ["switchboard.yaml": "database: \"nope\"\n"], status: 1,
             stderr: "switchboard.yaml:1:11: error: database: \(urlRule)\n"),
        Case(name: "a variable the settings file's URL needs", arguments: ["plan"],
             files: ["switchboard.yaml": "database: \"${NOT_SET_HERE}\"\n"], status: 1,
             stderr: "switchboard.yaml:1:11: error: database: environment variable NOT_SET_HERE is not set\n"),
        Case(name: "a settings error, location first", arguments: ["plan"], files: ["switchboard.yaml": "bogus: 1\n"], status: 1,
             stderr: "switchboard.yaml:1:1: error: unknown top-level key 'bogus' (known: database, directory, defaultRegion, defaultCountryCode, secrets, prune, guard, policy, hooks, daemon, gate, whatsapp, targets)\n"),
        Case(name: "a tab in the indentation", arguments: ["validate"], files: ["tenants.d/a.yaml": "tenant:\n\tid: 1\n"], status: 1,
             stderr: "tenants.d/a.yaml:2:1: error: tab character in indentation (YAML indents with spaces only)\n"),
    ]

    @Test(arguments: cases)
    func errorLines(_ errorCase: Case) throws {
        let folder = try SwitchboardProcess.folder(errorCase.files.merging(["tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Default}\n"]) { first, _ in first })
        let outcome = try SwitchboardProcess.run(errorCase.arguments, in: folder, environment: errorCase.environment)
        #expect(outcome.status == errorCase.status)
        #expect(outcome.stderr == errorCase.stderr)
        #expect(!FileManager.default.fileExists(atPath: folder + "/switchboard.db"), "an error creates no database")
    }
}
