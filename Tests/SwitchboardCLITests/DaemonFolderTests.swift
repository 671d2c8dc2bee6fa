import Foundation
import Testing
import SwitchboardStore
import SwitchboardTestSupport

/// The daemon follows the path, not the inode, and never goes blind (issue "Hostile or broken
/// input…"): a real daemon process on the embedded SQLite default, real inotify. Outcomes are rows
/// and `/status`; waits poll with a deadline.
struct DaemonFolderTests {
    static func tenant(_ id: Int) -> String {
        "tenant: {id: \(id), slug: t\(id), name: Tenant \(id)}\nroutes: {vocal: [\"+33 1 00 00 01 \(String(format: "%02d", id))\"]}\n"
    }

    func start(_ setup: ReconcileEndToEndTests.Setup, interval: String) throws -> RunningDaemon {
        let daemon = try RunningDaemon(in: setup.root, database: setup.database.url, arguments: ["--interval", interval],
                                       environment: ReconcileEndToEndTests.environment)
        try daemon.wait("the first reconcile") { $0.lastRun?["trigger"] as? String == "start" && $0["filesApplied"] as? Bool == true }
        return daemon
    }

    func tenantIDs(_ setup: ReconcileEndToEndTests.Setup) throws -> [String] {
        let connection = try setup.database.connect()
        defer { connection.close() }
        return try connection.rows("SELECT id FROM tenants ORDER BY id").map { $0[0] ?? "" }
    }

    @Test func aFolderSwappedByRenameIsFollowedEmptiedAndRestored() throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite)
        try setup.write("switchboard.yaml", "guard: {maxDeletes: 100%}\n")
        let daemon = try start(setup, interval: "1h")  // only inotify can see what follows
        let files = FileManager.default
        let root = URL(fileURLWithPath: setup.root)

        // mv tenants.d tenants.d.prev; mv tenants.d.new tenants.d
        try files.copyItem(at: root.appendingPathComponent("tenants.d"), to: root.appendingPathComponent("tenants.d.new"))
        try setup.write("tenants.d.new/t50.yaml", Self.tenant(50))
        try files.moveItem(at: root.appendingPathComponent("tenants.d"), to: root.appendingPathComponent("tenants.d.prev"))
        try files.moveItem(at: root.appendingPathComponent("tenants.d.new"), to: root.appendingPathComponent("tenants.d"))
        try eventually("the swapped folder applied") { try tenantIDs(setup).contains("50") }

        // An edit in the new folder: seen by inotify, not by the interval (an hour away).
        try setup.write("tenants.d/t51.yaml", Self.tenant(51))
        try eventually("a file added to the new folder applied") { try tenantIDs(setup).contains("51") }

        // Emptied: refused (a broken checkout is no instruction to delete everything)…
        let moved = root.appendingPathComponent("moved-away")
        try files.createDirectory(at: moved, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: root.appendingPathComponent("tenants.d").path) {
            try files.moveItem(at: root.appendingPathComponent("tenants.d/\(name)"), to: moved.appendingPathComponent(name))
        }
        try daemon.wait("the empty folder refused") { $0.lastRun?["outcome"] as? String == "refused" && $0["filesApplied"] as? Bool == false }
        #expect(try tenantIDs(setup) == ["1", "42", "50", "51"])
        // …and restored: converged again.
        try setup.write("tenants.d/t52.yaml", Self.tenant(52))
        for name in try files.contentsOfDirectory(atPath: moved.path) {
            try files.moveItem(at: moved.appendingPathComponent(name), to: root.appendingPathComponent("tenants.d/\(name)"))
        }
        try eventually("the restored folder applied") { try tenantIDs(setup).contains("52") }
        try daemon.wait("the files on disk applied") { $0["filesApplied"] as? Bool == true }
        #expect(daemon.process.process.isRunning)
    }

    /// A write through a hard link outside the watched folder changes a tenant file without any
    /// inotify event on the folder: the interval's comparison with the disk finds it.
    @Test func aMissedEventCostsAtMostOneIntervalAndSIGHUPRereadsTheFolder() throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite)
        try setup.write("tenants.d/t60.yaml", Self.tenant(60))
        let hidden = setup.root + "/elsewhere-t60.yaml"
        try FileManager.default.linkItem(atPath: setup.root + "/tenants.d/t60.yaml", toPath: hidden)
        let daemon = try start(setup, interval: "1s")

        try Data(Self.tenant(60).replacingOccurrences(of: "Tenant 60", with: "Tenant Sixty").utf8).write(to: URL(fileURLWithPath: hidden))
        try eventually("the unseen edit applied by the interval run", timeout: 10) {
            let connection = try setup.database.connect()
            defer { connection.close() }
            return try connection.scalar("SELECT name FROM tenants WHERE id = 60") == "Tenant Sixty"
        }
        try daemon.wait("the files on disk applied") { $0["filesApplied"] as? Bool == true }
        daemon.signal(SIGTERM)
        let outcome = try daemon.process.wait()
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("the files on disk differ from those in memory (a missed event): reading the folder again"))

        // SIGHUP does the same under a long interval.
        let hourly = try start(setup, interval: "1h")
        try Data(Self.tenant(60).replacingOccurrences(of: "Tenant 60", with: "Tenant Soixante").utf8).write(to: URL(fileURLWithPath: hidden))
        hourly.signal(SIGHUP)
        try eventually("the unseen edit applied on SIGHUP", timeout: 10) {
            let connection = try setup.database.connect()
            defer { connection.close() }
            return try connection.scalar("SELECT name FROM tenants WHERE id = 60") == "Tenant Soixante"
        }
    }

    @Test func aSymlinkLeavingTheRepositoryKeepsTheDaemonAliveAndReadsNothing() throws {
        let setup = try ReconcileEndToEndTests.Setup(.sqlite)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString).txt")
        try Data("tenant: {id: 66, name: Leaked-Outside-Content}\n".utf8).write(to: outside)
        let daemon = try start(setup, interval: "1h")
        try FileManager.default.createSymbolicLink(atPath: setup.root + "/tenants.d/stolen.yaml", withDestinationPath: outside.path)
        let status = try daemon.wait("the refusal reported") { $0["configValid"] as? Bool == false }
        let errors = status["errors"] as? [[String: Any]] ?? []
        #expect(errors.first?["file"] as? String == "tenants.d/stolen.yaml")
        #expect((errors.first?["message"] as? String)?.hasPrefix("symlink leads outside the repository") == true)
        #expect(daemon.get("/status")?.1.contains("Leaked-Outside-Content") == false)
        #expect(try !tenantIDs(setup).contains("66"))
        #expect(daemon.process.process.isRunning)
    }
}
