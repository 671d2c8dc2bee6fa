import ArgumentParser
import Foundation
import SwitchboardModel
import SwitchboardStore

/// `switchboard migrate [--dry-run]` and `switchboard migrate status`.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the embedded schema migrations (also done by reconcile).",
        subcommands: [Apply.self, Status.self],
        defaultSubcommand: Apply.self)

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "up", abstract: "Apply pending migrations (the default).")

        @OptionGroup var source: SourceOptions
        @OptionGroup var databaseOptions: DatabaseOptions
        @OptionGroup var targetOptions: TargetOptions

        @Flag(help: "Print the SQL that would run, and change nothing.")
        var dryRun = false

        func run() async throws {
            if dryRun {
                try withDatabase(source: source, databaseOptions: databaseOptions, targetOptions: targetOptions, readOnly: true) { connection, name in
                    let sql = try Migrator(connection: connection).pendingSQL()
                    Terminal.write(sql.isEmpty ? "-- \(name) is up to date: nothing to run\n" : sql)
                }
                return
            }
            try withDatabase(source: source, databaseOptions: databaseOptions, targetOptions: targetOptions) { connection, _ in
                let migrator = Migrator(connection: connection)
                let applied = try migrator.migrate()
                if applied.isEmpty {
                    Terminal.write("\(connection.targetDescription) is up to date (\(plural(migrator.migrations.count, "migration")))\n")
                } else {
                    let names = applied.map { "\($0.version) (\($0.name))" }.joined(separator: ", ")
                    Terminal.write("Applied \(plural(applied.count, "migration")) to \(connection.targetDescription): \(names)\n")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the migrations and whether each is applied.")

        @OptionGroup var source: SourceOptions
        @OptionGroup var databaseOptions: DatabaseOptions
        @OptionGroup var targetOptions: TargetOptions

        func run() async throws {
            try withDatabase(source: source, databaseOptions: databaseOptions, targetOptions: targetOptions, readOnly: true) { connection, name in
                let statuses = try Migrator(connection: connection).status()
                var lines = ["\(name):"]
                for status in statuses {
                    let state = switch status.state {
                    case .applied(let at): "applied \(at)"
                    case .pending: "pending"
                    }
                    lines.append("  \(status.migration.version)  \(status.migration.name.padding(toLength: 26, withPad: " ", startingAt: 0))\(state)  \(status.migration.checksum.prefix(12))")
                }
                Terminal.write(lines.joined(separator: "\n") + "\n")
            }
        }
    }
}

/// Opens the database the options name, runs `body` with it and its name, and turns database
/// errors into one line on standard error and exit status 1.
/// - Parameter readOnly: the command only reads (`migrate status`, `--dry-run`): an SQLite file
///   that does not exist is read as an empty database, never created (a mistyped path must not
///   leave a file behind).
func withDatabase(source: SourceOptions, databaseOptions: DatabaseOptions, targetOptions: TargetOptions, readOnly: Bool = false,
                  _ body: (any DatabaseConnection, String) throws -> Void) throws {
    let (settings, diagnostics, _) = source.resolve()
    if diagnostics.hasErrors {
        Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
        throw ExitCode.failure
    }
    try reportingFailures {
        let target = try targetOptions.database(databaseOptions, settings: settings).database
        if readOnly, case .sqlite(let path) = target, !FileManager.default.fileExists(atPath: path) {
            let empty = try Database.connect(.sqlite(path: ":memory:"))
            defer { empty.close() }
            return try body(empty, "\(target) (does not exist yet)")
        }
        let connection = try Database.connect(target)
        defer { connection.close() }
        try body(connection, connection.targetDescription)
    }
}
