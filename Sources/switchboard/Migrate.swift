import ArgumentParser
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

        @Flag(help: "Print the SQL that would run, and change nothing.")
        var dryRun = false

        func run() async throws {
            try withDatabase(source: source, databaseOptions: databaseOptions) { connection in
                let migrator = Migrator(connection: connection)
                if dryRun {
                    let sql = try migrator.pendingSQL()
                    Terminal.write(sql.isEmpty ? "-- \(connection.targetDescription) is up to date: nothing to run\n" : sql)
                    return
                }
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

        func run() async throws {
            try withDatabase(source: source, databaseOptions: databaseOptions) { connection in
                let statuses = try Migrator(connection: connection).status()
                var lines = ["\(connection.targetDescription):"]
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

/// Opens the database the options name, runs `body`, and turns database errors into one line on
/// standard error and exit status 1.
func withDatabase(source: SourceOptions, databaseOptions: DatabaseOptions,
                  _ body: (any DatabaseConnection) throws -> Void) throws {
    let (settings, diagnostics, _) = source.resolve()
    if diagnostics.hasErrors {
        Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
        throw ExitCode.failure
    }
    try reportingFailures {
        let connection = try Database.connect(try databaseOptions.target(settings: settings))
        defer { connection.close() }
        try body(connection)
    }
}
