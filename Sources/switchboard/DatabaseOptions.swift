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
        // The embedded default is never a stand-in for one of several production databases.
        guard settings.targets.isEmpty else {
            throw LocatedFailure("error: switchboard.yaml declares targets (\(settings.targets.map(\.name).joined(separator: ", "))): this command reads one database: name one with --target, or give --database")
        }
        return try DatabaseTarget.parse(DatabaseTarget.defaultURL)
    }

    /// A target's database (`targets.NAME.database`, `${VAR}` expanded), or a one-line error naming
    /// where it is written. `--database` cannot stand in for it: with targets, each names its own.
    func database(of target: Target, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseTarget {
        guard database == nil else {
            throw LocatedFailure("error: --database: switchboard.yaml declares targets, each with its database: choose them with --target")
        }
        let place = target.location.map { "\($0): error: targets.\(target.name).database" } ?? "error: targets.\(target.name).database"
        let url: String
        switch VariableExpansion.expand(target.database, environment: environment) {
        case .success(let expanded): url = expanded
        case .failure(let problem): throw LocatedFailure("\(place): \(problem)")
        }
        do {
            return try DatabaseTarget.parse(url)
        } catch let error as DatabaseError {
            throw LocatedFailure("\(place): \(error)")
        }
    }
}
