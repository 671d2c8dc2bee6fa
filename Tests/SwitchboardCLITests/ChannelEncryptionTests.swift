import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// Channel settings at rest, on both databases (DESIGN §2, issue "Channel configurations").
struct ChannelEncryptionTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]
    static let keyA = "q3Y1c2VyLWtleS1BLWZvci1zd2l0Y2hib2FyZC10ZXM="
    static let keyB = "S2V5LUItZm9yLXN3aXRjaGJvYXJkLXRlc3RzLTAwMDA="

    static let files = [
        "tenants.d/acme.yaml": """
            tenant: {id: 42, slug: acme, name: Acme}
            channels:
              phone: {enabled: true}
              email:
                smtp: {host: smtp.acme-mail.example, port: 587, secure: true, user: contact@acme.example,
                       password: {env: SB_SMTP_PW}, fromEmail: rdv@acme.example, fromName: Acme}
              whatsapp: {connectionMethod: manual, whatsappNumber: "+33 6 12 34 56 78", phoneNumberId: "109876543210",
                         apiToken: {env: SB_WA_TOKEN}}

            """,
        "tenants.d/bistrot.yaml": """
            tenant: {id: 57, slug: bistrot, name: Bistrot}
            channels:
              email: {smtp: {host: smtp.bistrot.example, port: 465}}

            """,
    ]
    static let secrets = ["SB_SMTP_PW": "smtp-Pa55word-xyz", "SB_WA_TOKEN": "EAAG-whatsapp-token-abc"]
    /// Values that must never be seen in output, and (but the key) never in the database in clear.
    static let plaintexts = ["smtp-Pa55word-xyz", "EAAG-whatsapp-token-abc", "smtp.acme-mail.example", "109876543210"]

    func setup(_ dialect: SQLDialect) throws -> ReconcileEndToEndTests.Setup {
        try ReconcileEndToEndTests.Setup(dialect, files: Self.files)
    }

    func environment(key: String? = keyA, old: String? = nil) -> [String: String] {
        var environment = Self.secrets
        if let key { environment["SWITCHBOARD_ENCRYPTION_KEY"] = key }
        if let old { environment["SWITCHBOARD_OLD_ENCRYPTION_KEYS"] = old }
        return environment
    }

    func stored(_ setup: ReconcileEndToEndTests.Setup) throws -> [[String?]] {
        let connection = try setup.database.connect()
        defer { connection.close() }
        return try connection.rows("SELECT tenant_id, channel_type, CAST(configured AS TEXT), config_encrypted FROM channel_configurations ORDER BY tenant_id, channel_type")
    }

    @Test(arguments: dialects)
    func storedSettingsAreEncryptedAndConfiguredIsComputed(_ dialect: SQLDialect) throws {
        let setup = try setup(dialect)
        let outcome = try setup.switchboard(["reconcile"], environment: environment())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try stored(setup)
        #expect(rows.map { "\($0[0]!) \($0[1]!)" } == ["42 email", "42 phone", "42 whatsapp", "57 email"])
        // configured: phone always; acme's email and WhatsApp complete; bistrot's email lacks user and password.
        #expect(rows.map { ["true", "1", "t"].contains($0[2]!) } == [true, true, true, false])
        #expect(rows[1][3] == nil)
        for row in rows where row[1] != "phone" {
            let text = try #require(row[3])
            #expect(text.hasPrefix("v1:"))
            for plaintext in Self.plaintexts + ["smtp.bistrot.example", "contact@acme.example"] { #expect(!text.contains(plaintext)) }
        }
        // Not a secret anywhere in what the operator sees.
        for plaintext in Self.plaintexts { #expect(!(outcome.stdout + outcome.stderr).contains(plaintext)) }
        #expect(try setup.switchboard(["plan", "--detailed-exitcode"], environment: environment()).status == 0)
    }

    @Test(arguments: dialects)
    func changedSMTPPasswordIsAPendingChangeShownWithoutItsValue(_ dialect: SQLDialect) throws {
        let setup = try setup(dialect)
        #expect(try setup.switchboard(["reconcile"], environment: environment()).status == 0)
        var changed = environment()
        changed["SB_SMTP_PW"] = "new-smtp-Pa55word-789"
        for format in ["text", "json", "markdown"] {
            let plan = try setup.switchboard(["plan", "--detailed-exitcode", "--format", format], environment: changed)
            #expect(plan.status == 2)
            #expect(plan.stdout.contains("smtp.password"))
            #expect(plan.stdout.contains("(sensitive)"))
            for plaintext in Self.plaintexts + ["new-smtp-Pa55word-789"] { #expect(!(plan.stdout + plan.stderr).contains(plaintext)) }
        }
        let text = try setup.switchboard(["plan"], environment: changed)
        #expect(text.stdout.contains("~ channel  42 email  smtp.password (sensitive)"))
    }

    @Test(arguments: dialects)
    func rotationReencryptsEveryRowAndThenTheOldKeyIsNotNeeded(_ dialect: SQLDialect) throws {
        let setup = try setup(dialect)
        #expect(try setup.switchboard(["reconcile"], environment: environment(key: Self.keyA)).status == 0)
        let keyAID = try #require(try stored(setup)[0][3]?.split(separator: ":")[1])

        let rotation = try setup.switchboard(["reconcile"], environment: environment(key: Self.keyB, old: Self.keyA))
        #expect(rotation.status == 0, "\(rotation.stderr)")
        #expect(rotation.stdout.contains("Plan: 0 to add, 3 to change, 0 to delete."))
        #expect(rotation.stdout.contains("~ channel  42 email  encryptionKey \(keyAID) → "))
        let keyBID = try stored(setup).compactMap { $0[3]?.split(separator: ":")[1] }
        #expect(Set(keyBID).count == 1 && !keyBID.contains(keyAID))

        let withoutOld = try setup.switchboard(["reconcile", "--dry-run", "--detailed-exitcode"], environment: environment(key: Self.keyB))
        #expect(withoutOld.status == 0, "\(withoutOld.stderr)")
    }

    @Test func postgresWithoutAKeyFailsAndWritesNothing() throws {
        let setup = try setup(.postgres)
        let outcome = try setup.switchboard(["reconcile"], environment: environment(key: nil))
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: channel settings are encrypted at rest and no key was given: set SWITCHBOARD_ENCRYPTION_KEY (the base64 of 32 bytes, `openssl rand -base64 32`) or --encryption-key-file; nothing applied\n")
        let connection = try setup.database.connect()
        defer { connection.close() }
        #expect(try connection.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == "0")
    }

    @Test func sqliteCreatesItsKeyFileOnceAndReusesIt() throws {
        let setup = try setup(.sqlite)
        let keyPath = URL(fileURLWithPath: try #require(setup.database.sqlitePath)).deletingLastPathComponent().path + "/switchboard.key"
        let first = try setup.switchboard(["reconcile"], environment: environment(key: nil))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("switchboard: created \(keyPath) (mode 0600, key id "))
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try String(contentsOfFile: keyPath, encoding: .utf8)

        let second = try setup.switchboard(["reconcile"], environment: environment(key: nil))
        #expect(second.status == 0)
        #expect(!second.stderr.contains("created"))
        #expect(second.stdout.contains("No changes"))
        #expect(try String(contentsOfFile: keyPath, encoding: .utf8) == key)

        let required = try ReconcileEndToEndTests.Setup(.sqlite, files: Self.files)
        let refused = try required.switchboard(["reconcile", "--require-key"], environment: environment(key: nil))
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: channel settings are encrypted at rest and no key was given"))
    }

    @Test(arguments: dialects)
    func wrongKeyIsReportedNotOverwritten(_ dialect: SQLDialect) throws {
        let setup = try setup(dialect)
        #expect(try setup.switchboard(["reconcile"], environment: environment(key: Self.keyA)).status == 0)
        let before = try stored(setup)
        let outcome = try setup.switchboard(["reconcile"], environment: environment(key: Self.keyB))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("tenants.d/acme.yaml:4:3: error: stored settings of tenant 42 email are unreadable: encrypted with key id "))
        #expect(outcome.stderr.contains("nothing is overwritten (add the old key to SWITCHBOARD_OLD_ENCRYPTION_KEYS)"))
        #expect(try stored(setup) == before)
    }

    /// Known secret values through validate, every plan format and reconcile: none in any output.
    @Test func noSecretReachesAnyOutput() throws {
        var files = Self.files
        files["tenants.d/sip.yaml"] = "sipAccounts:\n  - {label: T, trunkUri: \"sip:t@p.example\", password: {env: SB_SIP_PW}}\n"
        let setup = try ReconcileEndToEndTests.Setup(.postgres, files: files)
        var environment = environment()
        environment["SB_SIP_PW"] = "sip-Trunk-Secret-555"
        let values = Self.secrets.values.map { $0 } + ["sip-Trunk-Secret-555", Self.keyA, "secret-test-password"]
        var outputs: [SwitchboardProcess.Outcome] = []
        outputs.append(try SwitchboardProcess.run(["validate"], in: setup.root, environment: environment))
        for format in ["text", "json", "markdown"] {
            outputs.append(try setup.switchboard(["plan", "--format", format], environment: environment))
        }
        outputs.append(try setup.switchboard(["reconcile", "--timings"], environment: environment))
        environment["SB_SIP_PW"] = "sip-Trunk-Secret-666"
        outputs.append(try setup.switchboard(["reconcile", "--format", "json"], environment: environment))
        #expect(outputs.map(\.status) == [0, 0, 0, 0, 0, 0])
        for outcome in outputs {
            for value in values + ["sip-Trunk-Secret-666"] {
                #expect(!outcome.stdout.contains(value) && !outcome.stderr.contains(value), "\(value) leaked")
            }
        }
    }
}
