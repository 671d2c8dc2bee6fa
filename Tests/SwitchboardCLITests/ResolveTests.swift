import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// `switchboard resolve`: the database and the files give the same answers, by the platform's rules.
struct ResolveTests {
    static let dialects: [SQLDialect] = [.postgres, .sqlite]

    /// (channel, key as typed, exit status, tenant id or nil, outcome)
    static let questions: [(String, String, Int32, Int64?, String)] = [
        ("vocal", "0033 1 00 00 00 00", 0, 1, "routed"),
        ("whatsapp", "+33 9.39.24.05.75", 0, 1, "routed"),
        ("whatsapp", "whatsapp:+33939240575", 0, 1, "routed"),
        ("web", "widget-key-tenant-42", 0, 2, "routed"),
        ("web", "", 0, 1, "defaultTenant"),
        ("web", "unknown-widget-key", 1, nil, "unknown"),
        ("vocal", "+33 1 00 00 00 99", 2, 2, "inactive"),
        ("vocal", "+33 1 00 00 00 01", 1, nil, "unknown"),
    ]

    @Test(arguments: dialects)
    func databaseAndFilesAgree(_ dialect: SQLDialect) throws {
        let setup = try PlatformDatabase.build(dialect)
        let export = try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: ExportTests.keyEnvironment)
        #expect(export.status == 0, "\(export.stderr)")

        for (channel, key, status, tenant, outcome) in Self.questions {
            let fromDatabase = try setup.switchboard(["resolve", channel, key, "--format", "json"])
            let fromFiles = try SwitchboardProcess.run(["resolve", channel, key, "--dir", "adopted/tenants.d", "--format", "json"],
                                                       in: setup.root)
            #expect(fromDatabase.status == status, "\(channel) \(key): \(fromDatabase.stdout)\(fromDatabase.stderr)")
            #expect(fromFiles.status == status, "\(channel) \(key): \(fromFiles.stdout)\(fromFiles.stderr)")
            let database = try answer(fromDatabase.stdout), files = try answer(fromFiles.stdout)
            #expect(database["outcome"] as? String == outcome, "\(channel) \(key)")
            #expect((database["tenant"] as? [String: Any])?["id"] as? Int64 == tenant, "\(channel) \(key)")
            #expect(database["source"] as? String == "database" && files["source"] as? String == "files")
            // The same answer, but where it comes from and the file location.
            #expect(comparable(database) == comparable(files), "\(channel) \(key)")
        }
    }

    @Test func textAnswersSayWhereAndWhy() throws {
        let setup = try PlatformDatabase.build(.sqlite)
        #expect(try setup.switchboard(["export", "--out", "adopted/tenants.d"], environment: ExportTests.keyEnvironment).status == 0)
        let routed = try SwitchboardProcess.run(["resolve", "vocal", "0033 1 00 00 00 00", "--dir", "adopted/tenants.d"], in: setup.root)
        #expect(routed.stdout == "vocal +33100000000 (from '0033 1 00 00 00 00', a number of FR) → tenant 1 plateforme (Plateforme)\n  declared at adopted/tenants.d/plateforme.yaml:9:7\n")
        let unknown = try setup.switchboard(["resolve", "web", "unknown-widget-key"])
        #expect(unknown.stdout == "web unknown-widget-key: unknown key; the platform refuses the request (401 Invalid or unknown X-Tenant-Key)\n")
        let inactive = try setup.switchboard(["resolve", "vocal", "+33100000099"])
        #expect(inactive.stdout == "vocal +33100000099 (a number of FR) → tenant 2 bistrot-lumiere (Bistrot Lumière): the route is inactive; the platform does not route it\n")
        let empty = try setup.switchboard(["resolve", "web", ""])
        #expect(empty.stdout == "web without a key → tenant 1 plateforme (Plateforme) (the default tenant)\n")
        let invalid = try setup.switchboard(["resolve", "vocal", "12"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr == "error: vocal key '12' is a national number: write it in E.164 (+<country code>…), or set the tenant's country (or defaultRegion in switchboard.yaml)\n")
        // A national number read by --region, and said so.
        let national = try setup.switchboard(["resolve", "vocal", "01 00 00 00 00", "--region", "FR"])
        #expect(national.stdout.hasPrefix("vocal +33100000000 (from '01 00 00 00 00', a national number of FR) → tenant 1"))
    }

    private func answer(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
    }

    private func comparable(_ answer: [String: Any]) -> String {
        var answer = answer
        answer["source"] = nil
        if var route = answer["route"] as? [String: Any] {
            route["declaredAt"] = nil
            answer["route"] = route
        }
        let data = try? JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
