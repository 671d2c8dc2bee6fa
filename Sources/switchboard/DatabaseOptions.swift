import ArgumentParser
import Foundation
import SwitchboardModel
import SwitchboardStore

/// `--database`: which database to reconcile. Flag, then `SWITCHBOARD_DATABASE_URL`, then
/// `DATABASE_URL`, then `database` in switchboard.yaml, then the embedded default.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "postgres://…, postgresql://…, a libpq key=value string, sqlite:PATH or a .db file (default: sqlite:switchboard.db).",
        valueName: "url"))
    var database: String?

    /// The target, or a one-line error naming where the URL came from (never the URL itself,
    /// which may hold a password).
    func target(settings: Settings, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseTarget {
        /// The URL parsed, or an error saying where it came from (the value may hold a password).
        func parse(_ url: String, from source: String) throws -> DatabaseTarget {
            do {
                return try DatabaseTarget.parse(url)
            } catch let error as DatabaseError {
                throw LocatedFailure("\(source): \(error)")
            }
        }
        let place = settings.databaseLocation.map { "\($0): error: database" } ?? "error: database in switchboard.yaml"
        if let database { return try parse(database, from: "error: --database") }
        for name in ["SWITCHBOARD_DATABASE_URL", "DATABASE_URL"] {
            if let value = environment[name], !value.isEmpty { return try parse(value, from: "error: \(name)") }
        }
        if let template = settings.database {
            switch VariableExpansion.expand(template, environment: environment) {
            case .success(let url): return try parse(url, from: place)
            case .failure(let problem): throw LocatedFailure("\(place): \(problem)")
            }
        }
        return try DatabaseTarget.parse(DatabaseTarget.defaultURL)
    }
}
