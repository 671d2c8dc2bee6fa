import Foundation
import SwitchboardTestSupport
import Testing

/// `switchboard validate` as CI runs it: exit codes, the three formats, --strict, settings discovery.
struct ValidateCommandTests {
    @Test func repositorySampleIsValid() throws {
        let outcome = try SwitchboardProcess.run(["validate"], in: RepositoryFiles.root)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        #expect(outcome.stdout.hasPrefix("tenants.d: 5 files, 4 tenants, "))
        #expect(outcome.stdout.hasSuffix(": valid\n"))
    }

    static let invalid = [
        "tenants.d/acme.yaml": "tenant: {id: 42, name: Acme}\nroutes:\n  vocal: [\"+33 1\"]\n",
        "tenants.d/sip.yaml": "sipAccounts:\n  - {label: T, trunkUri: \"sip:t@p.example\", password: hunter2, contact: {port: 0}}\n",
    ]

    /// `validate FILE…` (the pre-commit hook passes the changed files): the whole folder is read,
    /// so a duplicate across files is still seen, and only the named files' problems are reported.
    @Test func namedFilesAreReportedAlone() throws {
        let root = try SwitchboardProcess.folder([
            "tenants.d/good.yaml": "tenant: {id: 2, slug: good, name: Good}\nroutes:\n  vocal: [\"+33 1 00 00 00 01\"]\n",
            "tenants.d/bad.yaml": "tenant: {id: 3, slug: bad, name: Bad, colour: red}\n",
            "tenants.d/twin.yaml": "tenant: {id: 4, slug: twin, name: Twin}\nroutes:\n  vocal: [\"+33 1 00 00 00 01\"]\n",
            "elsewhere.yaml": "tenant: {id: 5, slug: elsewhere, name: Elsewhere}\n",
        ])
        let good = try SwitchboardProcess.run(["validate", "tenants.d/good.yaml"], in: root)
        #expect(good.stderr == "tenants.d/twin.yaml:3:11: error: route vocal +33100000001 is declared 2 times: tenants.d/good.yaml:3:11, tenants.d/twin.yaml:3:11\n",
                "the duplicate across files is reported for either file")
        #expect(good.status == 1)
        let bad = try SwitchboardProcess.run(["validate", "./tenants.d/bad.yaml"], in: root)
        #expect(bad.status == 1)
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(bad.stderr.hasPrefix("tenants.d/bad.yaml:1:39: error: unknown field 'colour'"), "\(bad.stderr)")
        let outside = try SwitchboardProcess.run(["validate", "elsewhere.yaml"], in: root)
        #expect(outside.status == 1)
        #expect(outside.stderr == "elsewhere.yaml:1:1: error: not a tenant file of tenants.d (validate reads the folder; name files inside it)\n")
    }

    @Test func textReportsEveryProblemAndExitsOne() throws {
        let root = try SwitchboardProcess.folder(Self.invalid)
        let outcome = try SwitchboardProcess.run(["validate"], in: root, environment: ["NO_COLOR": "1"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == """
            tenants.d/acme.yaml:3:11: error: vocal: '+33 1' (read as +331) is too short for FR (9 digits after +33)
            tenants.d/sip.yaml:2:55: warning: plaintext secret in the repository for 'password': use {env: NAME} or {file: PATH}
            tenants.d/sip.yaml:2:80: error: 'contact.port' 0 is out of range (1 to 65535)

            """)
        #expect(outcome.stdout == "tenants.d: 2 files, 1 tenant, 0 routes, 0 SIP accounts, 0 channels: 2 errors, 1 warning\n")
        #expect(!outcome.stderr.contains("hunter2"))
    }

    @Test func githubFormatPrintsAnnotations() throws {
        let root = try SwitchboardProcess.folder(Self.invalid)
        let outcome = try SwitchboardProcess.run(["validate", "--format", "github"], in: root)
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "::error file=tenants.d/acme.yaml,line=3,col=11::vocal: '+33 1' (read as +331) is too short for FR (9 digits after +33)")
        #expect(lines.contains("::warning file=tenants.d/sip.yaml,line=2,col=55::plaintext secret in the repository for 'password': use {env: NAME} or {file: PATH}"))
    }

    @Test func jsonFormatIsMachineReadable() throws {
        let root = try SwitchboardProcess.folder(Self.invalid)
        let outcome = try SwitchboardProcess.run(["validate", "--format", "json"], in: root)
        #expect(outcome.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect(object["valid"] as? Bool == false)
        #expect(object["errors"] as? Int == 2)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["file"] as? String == "tenants.d/acme.yaml")
        #expect(diagnostics.first?["line"] as? Int == 3)
        #expect(diagnostics.first?["column"] as? Int == 11)
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let root = try SwitchboardProcess.folder([
            "tenants.d/sip.yaml": "sipAccounts:\n  - {label: T, trunkUri: \"sip:t@p.example\", password: hunter2}\n",
        ])
        let relaxed = try SwitchboardProcess.run(["validate"], in: root)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: plaintext secret"))
        let strict = try SwitchboardProcess.run(["validate", "--strict"], in: root)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("tenants.d/sip.yaml:2:55: error: plaintext secret in the repository"))
    }

    @Test func settingsBesideTheDirectoryApply() throws {
        let root = try SwitchboardProcess.folder([
            "config/switchboard.yaml": "defaultRegion: FR\n",
            "config/tenants.d/a.yaml": "tenant: {id: 2, name: A}\nroutes: {vocal: [\"01 00 00 00 02\"]}\n",
        ])
        let outcome = try SwitchboardProcess.run(["validate", "--dir", "config/tenants.d"], in: root)
        #expect(outcome.stderr == "")
        #expect(outcome.status == 0)
    }

    @Test func missingDirectoryIsOneClearLine() throws {
        let root = try SwitchboardProcess.folder([:])
        let outcome = try SwitchboardProcess.run(["validate", "--dir", "nowhere"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: 'nowhere' is not a directory (set --dir or 'directory' in switchboard.yaml)\n")
    }

    @Test func noColourWhenNotATerminal() throws {
        let root = try SwitchboardProcess.folder(Self.invalid)
        let outcome = try SwitchboardProcess.run(["validate"], in: root)
        #expect(!outcome.stderr.contains("\u{1B}["))
    }
}
