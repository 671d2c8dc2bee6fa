import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// Brownfield phone keys and web keys end to end (issue "Phone numbers the way the world dials
/// them"): a number already stored that can never be dialled is a warning naming the row, and
/// export adopts it; a failed export leaves nothing behind; resolve trims what HTTP trims.
struct PhoneKeyEndToEndTests {
    static func insertRoute(_ setup: ReconcileEndToEndTests.Setup, _ channel: String, _ key: String, tenant: Int) throws {
        try setup.execute(setup.database.engine == .postgres
            ? PlatformSeeds.postgresRouteUpsert(channel, key, tenant: tenant)
            : PlatformSeeds.sqliteRouteInsert(channel, key, tenant: tenant))
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aStoredInvalidNumberIsAWarningAndExportAdoptsIt(_ dialect: SQLDialect) throws {
        let setup = try PlatformDatabase.build(dialect)
        try Self.insertRoute(setup, "vocal", "+331234567", tenant: 2)
        let warning = "database: warning: tenant_routing vocal +331234567 (tenant 2) is not a valid number: it can never be dialled"

        // Files that do not declare it: the plan names the row, and fails nothing.
        try FileManager.default.createDirectory(atPath: setup.root + "/tenants.d", withIntermediateDirectories: true)
        try setup.write("tenants.d/plateforme.yaml", "tenant: {id: 1, slug: plateforme, name: Plateforme}\n")
        let plan = try setup.switchboard(["plan"], environment: ExportTests.keyEnvironment)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stderr.contains(warning), "\(plan.stderr)")

        // Export adopts it, marked, and the files then plan to nothing.
        let exported = try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: ExportTests.keyEnvironment)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect((exported.stdout + exported.stderr).contains(
            "tenant_routing vocal +331234567 (tenant 2) is not a valid number: exported with keepInvalid: true"))
        let file = try String(contentsOfFile: setup.root + "/adopted/tenants.d/bistrot-lumiere.yaml", encoding: .utf8)
        #expect(file.contains("- {key: \"+331234567\", keepInvalid: true}"), "\(file)")
        let connection = try setup.database.connect()
        defer { connection.close() }
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_managed WHERE key = 'vocal:+331234567'") == "1")
        let secrets = try PlatformDatabase.secrets(in: setup.root + "/adopted/secrets.env")
        let environment = ExportTests.keyEnvironment.merging(secrets) { $1 }
        let after = try setup.switchboard(["plan", "--dir", "adopted/tenants.d", "--detailed-exitcode"], environment: environment)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(after.stderr.contains("vocal: '+331234567' is too short for FR (9 digits after +33); kept as keepInvalid says, but it can never be dialled"))

        // keepInvalid keeps a row; it never creates one.
        try setup.write("adopted/tenants.d/bistrot-lumiere.yaml", file.replacingOccurrences(of: "+331234567", with: "+331234568"))
        let create = try setup.switchboard(["reconcile", "--dir", "adopted/tenants.d", "--allow-deletes"], environment: environment)
        #expect(create.status == 1)
        #expect(create.stderr.contains("vocal +331234568 can never be dialled: keepInvalid keeps a row the database holds, it never creates one"))
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_managed WHERE key = 'vocal:+331234568'") == "0")
    }

    @Test(arguments: ReconcileEndToEndTests.dialects)
    func aFailedExportLeavesNothingBehind(_ dialect: SQLDialect) throws {
        let setup = try PlatformDatabase.build(dialect)
        // A key the widget could never send (HTTP strips the space): the exported files cannot hold it.
        try Self.insertRoute(setup, "web", " widget-key-with-leading-space", tenant: 2)
        let exported = try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: ExportTests.keyEnvironment)
        #expect(exported.status == 1)
        #expect(exported.stderr.contains("web key starts or ends with a space"), "\(exported.stderr)")
        #expect(!FileManager.default.fileExists(atPath: setup.root + "/adopted/tenants.d"))
        #expect(!FileManager.default.fileExists(atPath: setup.root + "/adopted/secrets.env"))
        let connection = try setup.database.connect()
        defer { connection.close() }
        #expect(try connection.scalar("SELECT count(*) FROM switchboard_managed") == "0")
    }

    @Test func resolveTrimsOnlyWhatHTTPTrims() throws {
        let setup = try PlatformDatabase.build(.sqlite)
        let tabs = try setup.switchboard(["resolve", "web", " \twidget-key-tenant-42 "])
        #expect(tabs.status == 0)
        #expect(tabs.stdout.hasPrefix("web widget-key-tenant-42 (from ' \twidget-key-tenant-42 ') → tenant 2"))
        let noBreak = try setup.switchboard(["resolve", "web", "\u{00A0}widget-key-tenant-42"])
        #expect(noBreak.status == 1)
        #expect(noBreak.stdout.contains("unknown key; the platform refuses the request (401"))
    }
}
