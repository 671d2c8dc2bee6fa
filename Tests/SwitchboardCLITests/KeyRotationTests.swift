import Foundation
import Testing

/// `switchboard key rotate` on the embedded database's `switchboard.key` (issue "Ship it…": after a
/// rotation a plain `plan` must still read the settings), interrupted or not.
struct KeyRotationTests {
    static let files = [
        "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Default}\n",
        "tenants.d/acme.yaml": """
            tenant: {id: 42, slug: acme, name: Acme}
            channels:
              email:
                enabled: true
                smtp: {host: smtp.acme.example, port: 587, secure: true, user: contact@acme.example, password: {env: ACME_SMTP_PASSWORD}, fromEmail: contact@acme.example}

            """,
    ]
    static let environment = ["ACME_SMTP_PASSWORD": "smtp-secret-1"]

    @Test func aRotatedKeyFileStillReadsAndAnInterruptedRotationFinishes() throws {
        let folder = try SwitchboardProcess.folder(Self.files)
        let keyFile = folder + "/switchboard.key"
        #expect(try SwitchboardProcess.run(["reconcile"], in: folder, environment: Self.environment).status == 0)
        let before = try String(contentsOfFile: keyFile, encoding: .utf8)

        let rotated = try SwitchboardProcess.run(["key", "rotate"], in: folder, environment: Self.environment)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.hasPrefix("Rotated switchboard.key: key ") || rotated.stdout.hasPrefix("Rotated \(keyFile): key "), "\(rotated.stdout)")
        #expect(rotated.stdout.hasSuffix("; 1 channel setting encrypted again in sqlite:switchboard.db.\n"))
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) != before)
        #expect(!FileManager.default.fileExists(atPath: keyFile + ".old"))
        #expect(!rotated.stdout.contains(before.trimmingCharacters(in: .whitespacesAndNewlines)))
        // A plain plan, no variable set: the new key reads every row, nothing to change.
        let plan = try SwitchboardProcess.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.environment)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")

        // Interrupted after the new key was put in place, before the rows were encrypted again.
        let current = try String(contentsOfFile: keyFile, encoding: .utf8)
        try current.write(toFile: keyFile + ".old", atomically: true, encoding: .utf8)
        try "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let meanwhile = try SwitchboardProcess.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.environment)
        #expect(meanwhile.status == 2, "the rows still read (old key), and would be encrypted again: \(meanwhile.stderr)")
        let finished = try SwitchboardProcess.run(["key", "rotate"], in: folder, environment: Self.environment)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout.hasPrefix("Finished an interrupted rotation"))
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) == "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n")
        let after = try SwitchboardProcess.run(["plan", "--detailed-exitcode"], in: folder, environment: Self.environment)
        #expect(after.status == 0, "\(after.stdout)")
    }

    @Test func aKeyFromTheEnvironmentIsTheOperatorsToRotate() throws {
        let folder = try SwitchboardProcess.folder(Self.files)
        let outcome = try SwitchboardProcess.run(["key", "rotate"], in: folder,
                                                 environment: ["SWITCHBOARD_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: the key comes from SWITCHBOARD_ENCRYPTION_KEY: rotate it with SWITCHBOARD_OLD_ENCRYPTION_KEYS (README, \"rotating the key\")\n")
    }
}
