import Foundation
import Testing
@testable import SwitchboardStore
import SwitchboardTestSupport

/// A database that cannot be reached gives one line, and never the password.
struct ConnectionErrorTests {
    @Test func wrongPasswordIsOneLineWithoutThePassword() throws {
        let admin = try TestDatabase.adminURL()
        let wrong = admin.replacingOccurrences(of: "secret-test-password", with: "not-the-Password-42")
        #expect(wrong != admin)
        do {
            _ = try PostgresConnection(.postgres(wrong))
            Issue.record("connected with a wrong password")
        } catch let error as DatabaseError {
            #expect(error.message.hasPrefix("cannot connect to postgres://switchboard@127.0.0.1:"))
            #expect(error.message.contains("password authentication failed for user \"switchboard\""))
            #expect(!error.message.contains("not-the-Password-42"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func unreachableServerIsOneLineWithoutThePassword() throws {
        do {
            _ = try PostgresConnection(.postgres("postgresql://app:s3cr3t-pw@127.0.0.1:1/platform?connect_timeout=2"))
            Issue.record("connected to a closed port")
        } catch let error as DatabaseError {
            #expect(error.message.hasPrefix("cannot connect to postgres://app@127.0.0.1:1/platform: connection to server at \"127.0.0.1\", port 1 failed: Connection refused"))
            #expect(!error.message.contains("s3cr3t-pw"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func keyValueStringsAreDescribedWithoutPassword() throws {
        let target = try DatabaseTarget.parse("host=db.internal port=5433 dbname=platform user=app password=hunter2 sslmode=require")
        #expect(target.description == "postgres://app@db.internal:5433/platform")
    }

    @Test(arguments: [
        ("postgres://u:p@h/d", SQLDialect.postgres), ("postgresql://h/d", .postgres), ("host=h dbname=d", .postgres),
        ("sqlite:switchboard.db", .sqlite), ("sqlite:///var/lib/sb.sqlite", .sqlite), ("data/platform.db", .sqlite),
    ])
    func targetsAreRecognised(_ url: String, _ dialect: SQLDialect) throws {
        #expect(try DatabaseTarget.parse(url).engine == dialect)
    }

    @Test func sqlitePathsAreKept() throws {
        #expect(try DatabaseTarget.parse("sqlite:///var/lib/sb.sqlite") == .sqlite(path: "/var/lib/sb.sqlite"))
        #expect(try DatabaseTarget.parse("sqlite:switchboard.db") == .sqlite(path: "switchboard.db"))
    }

    @Test func unrecognisedURLIsRefused() {
        #expect(throws: DatabaseError.self) { try DatabaseTarget.parse("mysql//x") }
    }
}
