import Foundation
import SwitchboardStore

/// A fresh, empty database of either engine for one test: a new database in the throwaway
/// PostgreSQL cluster that scripts/test.sh starts, or a new SQLite file.
///
/// The PostgreSQL tests are never skipped: without the cluster they fail and say how to run them.
public struct TestDatabase {
    public let engine: SQLDialect
    public let url: String

    /// A database that is already there (a SQLite file a command creates).
    public init(engine: SQLDialect, url: String) {
        self.engine = engine
        self.url = url
    }

    public static func make(_ engine: SQLDialect) throws -> TestDatabase {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return TestDatabase(engine: .sqlite, url: "sqlite:" + folder.appendingPathComponent("platform.db").path)
        case .postgres:
            let admin = try adminURL()
            let name = "sb_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            let connection = try PostgresConnection(.postgres(admin))
            defer { connection.close() }
            try connection.execute("CREATE DATABASE \(name)")
            return TestDatabase(engine: .postgres, url: admin.replacingOccurrences(of: "/postgres", with: "/\(name)"))
        }
    }

    /// The maintenance database of the test cluster.
    public static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] else {
            throw MissingPostgres()
        }
        return url
    }

    public var target: DatabaseTarget { try! DatabaseTarget.parse(url) }

    /// The file of an SQLite database; nil for PostgreSQL.
    public var sqlitePath: String? {
        if case .sqlite(let path) = target { return path }
        return nil
    }

    public func connect() throws -> any DatabaseConnection { try Database.connect(target) }
}

public struct MissingPostgres: Error, CustomStringConvertible {
    public var description: String {
        "SWITCHBOARD_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL"
    }
}
