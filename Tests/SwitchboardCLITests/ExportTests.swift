import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// `switchboard export` on real PostgreSQL and SQLite platform databases (issue "Adoption and lookup").
struct ExportTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]
    static let keyEnvironment = ["SWITCHBOARD_ENCRYPTION_KEY": PlatformDatabase.key]

    /// The tenant file, after its first line (which names the database).
    static let bistrotFile = """
        tenant:
          id: 2
          slug: bistrot-lumiere
          name: Bistrot Lumière

        routes:
          vocal:
            - {key: "+33100000099", active: false}
          web:
            - widget-key-tenant-42

        channels:
          sms:
            enabled: true
            templates: {rdvRappel: false}
          email:
            enabled: true
            smtp:
              host: smtp.bistrot.example
              port: 465
              secure: true
              user: resa@bistrot.example
              password: {env: BISTROT_LUMIERE_SMTP_PASSWORD}
              fromEmail: resa@bistrot.example
              fromName: Bistrot Lumière
            templates: {rdvConfirmation: true}

        """

    @Test(arguments: dialects)
    func exportValidatesPlansEmptyAndAdoptsTheRows(_ dialect: SQLDialect) throws {
        let setup = try PlatformDatabase.build(dialect)
        let exported = try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: Self.keyEnvironment)
        #expect(exported.status == 0, "\(exported.stderr)")
        // 2 tenants, 4 routes, 1 SIP account, 2 channels, and on PostgreSQL (which has workflows) 1 binding.
        let rows = dialect == .postgres ? 10 : 9
        #expect(exported.stdout == "Exported 3 file(s) to adopted/tenants.d; \(rows) row(s) now managed. Plan of the exported files: no changes.\n")
        #expect(exported.stderr.contains("note: 2 tenant(s) had no slug: each got one from its name, written to the database too\n"))
        #expect(exported.stderr.contains("warning: \(setup.root)/adopted/secrets.env holds 2 secret(s) in clear (mode 0600): do not commit it"))

        let folder = setup.root + "/adopted/tenants.d"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["bistrot-lumiere.yaml", "plateforme.yaml", "sip-accounts.yaml"])
        let bistrot = try String(contentsOfFile: folder + "/bistrot-lumiere.yaml", encoding: .utf8)
        #expect(String(bistrot.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1]) == Self.bistrotFile)
        let sip = try String(contentsOfFile: folder + "/sip-accounts.yaml", encoding: .utf8)
        let expectedWorkflows = dialect == .postgres ? "\n    workflows: [support]" : ""
        #expect(sip.hasSuffix("""
            sipAccounts:
              - label: Trunk Principal
                trunkUri: "sip:username@provider.com"
                username: username
                password: {env: SIP_TRUNK_PRINCIPAL_PASSWORD}
                contact: {host: votre-ip-publique.com, port: 5060, transport: udp}
                default: true\(expectedWorkflows)

            """))
        for name in names {
            let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            #expect(!text.contains(PlatformDatabase.trunkPassword) && !text.contains(PlatformDatabase.smtpPassword), "\(name)")
        }

        // The secrets: beside the folder, never in it, 0600, and exactly what the files reference.
        let secretsPath = setup.root + "/adopted/secrets.env"
        let mode = try FileManager.default.attributesOfItem(atPath: secretsPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let secrets = try PlatformDatabase.secrets(in: secretsPath)
        #expect(secrets == ["SIP_TRUNK_PRINCIPAL_PASSWORD": PlatformDatabase.trunkPassword,
                            "BISTROT_LUMIERE_SMTP_PASSWORD": PlatformDatabase.smtpPassword])

        #expect(try SwitchboardProcess.run(["validate", "--dir", folder]).status == 0)
        let environment = Self.keyEnvironment.merging(secrets) { $1 }
        let plan = try setup.switchboard(["plan", "--dir", folder, "--detailed-exitcode"], environment: environment)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("No changes: the database matches the files."))
        #expect(!plan.stdout.contains("made by hand"))

        // Sourced, the secrets make a real reconcile a no-op; a wrong one is a change (the comparison is real).
        let before = try setup.snapshot()
        let reconcile = try setup.switchboard(["reconcile", "--dir", folder], environment: environment)
        #expect(reconcile.status == 0, "\(reconcile.stderr)")
        #expect(try setup.snapshot() == before)
        var wrong = environment
        wrong["BISTROT_LUMIERE_SMTP_PASSWORD"] = "not-the-stored-one"
        let changed = try setup.switchboard(["plan", "--dir", folder, "--detailed-exitcode"], environment: wrong)
        #expect(changed.status == 2)
        #expect(changed.stdout.contains("~ channel  2 email  smtp.password (sensitive)"))

        // Every exported row is managed now, and the slugs the files declare are stored.
        let managed = try setup.database.connect()
        defer { managed.close() }
        #expect(try managed.scalar("SELECT count(*) FROM switchboard_managed") == String(rows))
        #expect(try managed.rows("SELECT id, slug FROM tenants ORDER BY id") == [["1", "plateforme"], ["2", "bistrot-lumiere"]])
    }

    @Test(arguments: dialects)
    func legacyAppSettingsTrunkBecomesTheDefaultAccount(_ dialect: SQLDialect) throws {
        let setup = try PlatformDatabase.build(dialect, legacyTrunk: true)
        let exported = try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: Self.keyEnvironment)
        // Written, and the plan creates the account: exit 2, as `plan --detailed-exitcode`.
        #expect(exported.status == 2, "\(exported.stderr)")
        #expect(exported.stderr.contains("note: sip_accounts is empty: the legacy app_settings trunk is exported as the default account 'Compte Principal (migré)'"))
        #expect(exported.stdout.contains("Plan of the exported files: Plan: 1 to add, 0 to change, 0 to delete. SIP reload: yes."))
        let sip = try String(contentsOfFile: setup.root + "/adopted/tenants.d/sip-accounts.yaml", encoding: .utf8)
        #expect(sip.hasSuffix("""
            sipAccounts:
              - label: "Compte Principal (migré)"
                trunkUri: "sip:legacy@provider.com"
                username: legacy
                password: {env: SIP_COMPTE_PRINCIPAL_MIGRE_PASSWORD}
                contact: {host: votre-ip-publique.com, port: 5060, transport: udp}
                default: true

            """))
        let secrets = try PlatformDatabase.secrets(in: setup.root + "/adopted/secrets.env")
        #expect(secrets["SIP_COMPTE_PRINCIPAL_MIGRE_PASSWORD"] == PlatformDatabase.trunkPassword)

        // The reconcile does what the platform's migration script does, and then nothing is left.
        let environment = Self.keyEnvironment.merging(secrets) { $1 }
        let applied = try setup.switchboard(["reconcile", "--dir", "adopted/tenants.d"], environment: environment)
        #expect(applied.status == 0, "\(applied.stderr)")
        let connection = try setup.database.connect()
        defer { connection.close() }
        #expect(try connection.rows("""
            SELECT label, trunk_uri, username, password, contact_host, contact_port, contact_transport, is_default, is_active FROM sip_accounts
            """).map { $0.map { $0 == "1" ? "t" : $0 ?? "NULL" } }
            == [["Compte Principal (migré)", "sip:legacy@provider.com", "legacy", PlatformDatabase.trunkPassword,
                 "votre-ip-publique.com", "5060", "udp", "t", "t"]])
        let plan = try setup.switchboard(["plan", "--dir", "adopted/tenants.d", "--detailed-exitcode"], environment: environment)
        #expect(plan.status == 0, "\(plan.stdout)")
    }

    @Test func secretsFileInsideTheFolderOrAFolderWithFilesIsRefused() throws {
        let setup = try PlatformDatabase.build(.sqlite)
        let inside = try setup.switchboard(["export", "--out", "adopted", "--secrets-out", "adopted/secrets.env"],
                                           environment: Self.keyEnvironment)
        #expect(inside.status == 1)
        #expect(inside.stderr == "error: the secrets file \(setup.root)/adopted/secrets.env is inside \(setup.root)/adopted: put it outside the folder of tenant files, which is committed\n")
        #expect(!FileManager.default.fileExists(atPath: setup.root + "/adopted"))

        try setup.write("existing.yaml", "tenant: {id: 3, name: X}\n")
        let occupied = try setup.switchboard(["export", "--out", "."], environment: Self.keyEnvironment)
        #expect(occupied.status == 1)
        #expect(occupied.stderr == "error: \(setup.root) already holds 1 tenant file(s): export into a new or empty folder\n")
    }

    @Test func settingsWithoutTheirKeyAreRefusedBeforeAnythingIsWritten() throws {
        let setup = try PlatformDatabase.build(.postgres)
        let outcome = try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: [:])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "error: the settings of 1 channel configuration(s) cannot be decrypted (first: tenant 2 email): give the key with SWITCHBOARD_ENCRYPTION_KEY or --encryption-key-file (and SWITCHBOARD_OLD_ENCRYPTION_KEYS); nothing written\n")
        #expect(!FileManager.default.fileExists(atPath: setup.root + "/adopted"))
    }
}
