import Foundation
import Testing

/// `switchboard migrate` as an operator runs it.
struct MigrateCommandTests {
    @Test func migratesTheEmbeddedDefaultThenSaysUpToDate() throws {
        let root = try SwitchboardProcess.folder([:])
        let dryRun = try SwitchboardProcess.run(["migrate", "--dry-run"], in: root)
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout.hasPrefix("-- migration 1: platform tables\n"))
        // Neither a dry run nor the status creates the file (a mistyped path leaves nothing behind).
        let tables = try SwitchboardProcess.run(["migrate", "status"], in: root)
        #expect(tables.stdout.hasPrefix("sqlite:switchboard.db (does not exist yet):\n"))
        #expect(tables.stdout.contains("  1  platform tables           pending"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)

        let first = try SwitchboardProcess.run(["migrate"], in: root)
        #expect(first.stdout == "Applied 5 migrations to sqlite:switchboard.db: 1 (platform tables), 2 (switchboard bookkeeping), 3 (row facts), 4 (compact ownership), 5 (single unique indexes)\n")
        #expect(first.status == 0)
        let second = try SwitchboardProcess.run(["migrate"], in: root)
        #expect(second.stdout == "sqlite:switchboard.db is up to date (5 migrations)\n")
        let status = try SwitchboardProcess.run(["migrate", "status"], in: root)
        #expect(status.status == 0)
        #expect(status.stdout.contains("  1  platform tables           applied "))
        #expect(status.stdout.contains("  2  switchboard bookkeeping   applied "))
    }

    @Test func databaseURLComesFromTheEnvironmentBeforeTheSettingsFile() throws {
        let root = try SwitchboardProcess.folder(["switchboard.yaml": "database: sqlite:from-settings.db\n"])
        let fromSettings = try SwitchboardProcess.run(["migrate"], in: root)
        #expect(fromSettings.stdout.contains("sqlite:from-settings.db"))
        let fromEnvironment = try SwitchboardProcess.run(["migrate"], in: root, environment: ["DATABASE_URL": "sqlite:from-env.db"])
        #expect(fromEnvironment.stdout.contains("sqlite:from-env.db"))
        let fromFlag = try SwitchboardProcess.run(["migrate", "--database", "sqlite:from-flag.db"], in: root,
                                                  environment: ["SWITCHBOARD_DATABASE_URL": "sqlite:from-env.db"])
        #expect(fromFlag.stdout.contains("sqlite:from-flag.db"))
    }

    @Test func unsetVariableInSettingsIsALocatedError() throws {
        let root = try SwitchboardProcess.folder(["switchboard.yaml": "database: ${SB_TEST_UNSET_URL}\n"])
        let outcome = try SwitchboardProcess.run(["migrate"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "switchboard.yaml:1:11: error: database: environment variable SB_TEST_UNSET_URL is not set\n")
    }

    @Test func wrongPasswordIsOneLineWithoutThePasswordAndExitsOne() throws {
        let admin = try #require(ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"],
                                 "run the tests with scripts/test.sh")
        let wrong = admin.replacingOccurrences(of: "secret-test-password", with: "Wrong-Pass-9")
        let outcome = try SwitchboardProcess.run(["migrate", "--database", wrong], in: try SwitchboardProcess.folder([:]))
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("error: cannot connect to postgres://switchboard@127.0.0.1:"))
        #expect(outcome.stderr.hasSuffix("password authentication failed for user \"switchboard\"\n"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("Wrong-Pass-9"))
    }
}
