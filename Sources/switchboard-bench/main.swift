// Benchmarks (DESIGN §6): not tests, figures to read.
//
//   switchboard-bench read-state --database URL [--routes 100000] [--runs 5]
//   switchboard-bench phone-keys [--examples FILE]
//   switchboard-bench settings-cipher
//
// read-state migrates the database, fills it with N routes (and a tenant per 10 routes) in bulk on
// the server side, then times reading the whole actual state back, as `plan` does. phone-keys
// times reading numbers by libphonenumber's rules: loading the metadata once, then per number.
// settings-cipher times storing a channel's settings (JSON, AES-GCM, base64).
import Foundation
import SwitchboardModel
import SwitchboardStore

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("switchboard-bench: \(message)\n".utf8))
    exit(1)
}

func option(_ name: String, _ arguments: [String]) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "settings-cipher" {
    SettingsCipherBenchmark.run()
    exit(0)
}
if arguments.first == "phone-keys" {
    PhoneKeyBenchmark.run(examples: option("--examples", arguments))
    exit(0)
}
guard arguments.first == "read-state", let url = option("--database", arguments) else {
    fail("usage: switchboard-bench read-state --database URL [--routes 100000] [--runs 5]")
}
let routeCount = Int(option("--routes", arguments) ?? "100000") ?? 100_000
let runs = Int(option("--runs", arguments) ?? "5") ?? 5

do {
    let target = try DatabaseTarget.parse(url)
    let connection = try Database.connect(target)
    try Migrator(connection: connection).migrate()
    let tenants = max(1, routeCount / 10)
    try connection.transaction {
        try connection.execute("DELETE FROM tenant_routing; DELETE FROM channel_configurations; DELETE FROM tenants")
        // Recursive CTEs, `||` and CASE read the same in both engines; only the key column differs.
        try connection.execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(tenants))
            INSERT INTO tenants (id, slug, name) SELECT i, 'tenant-' || i, 'Tenant ' || i FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(routeCount))
            INSERT INTO tenant_routing (channel, \(connection.routeKeyColumn), tenant_id)
            SELECT CASE i % 3 WHEN 0 THEN 'vocal' WHEN 1 THEN 'whatsapp' ELSE 'web' END, '+33' || (100000000 + i), 1 + i % \(tenants) FROM n;
            ANALYZE;
            """)
    }
    var times: [Double] = []
    var read = 0
    for _ in 0..<runs {
        times.append(try seconds { read = try StateReader(connection: connection).read().routes.count })
    }
    times.sort()
    print(String(format: "read actual state, %@: %d routes, %d tenants: best %.3f s, median %.3f s (%d runs)",
                 target.description, read, tenants, times[0], times[times.count / 2], runs))
} catch {
    fail("\(error)")
}
