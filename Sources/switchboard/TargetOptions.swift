import ArgumentParser
import SwitchboardStore
import SwitchboardLoader
import SwitchboardModel

/// `--target NAME` (repeatable): which targets of `targets:` in switchboard.yaml a command runs on.
struct TargetOptions: ParsableArguments {
    @Option(name: .customLong("target"), help: ArgumentHelp(
        "Only this target of `targets:` in switchboard.yaml (repeatable; default: every target).", valueName: "name"))
    var names: [String] = []

    /// The targets named (in the settings' order), every target without `--target`, or none when
    /// switchboard.yaml declares none (one implicit target: `database`).
    func selected(from settings: Settings) throws -> [Target] {
        if settings.targets.isEmpty {
            guard let name = names.first else { return [] }
            throw LocatedFailure("error: --target \(name): switchboard.yaml declares no targets (one database: --database or 'database')")
        }
        let known = settings.targets.map(\.name)
        for name in names where !known.contains(name) {
            let hint = Suggestion.closest(to: name, among: known).map { "; did you mean \($0)?" } ?? ""
            throw LocatedFailure("error: --target \(Excerpt.quoted(name)): no such target in switchboard.yaml (targets: \(known.joined(separator: ", ")))\(hint)")
        }
        return names.isEmpty ? settings.targets : settings.targets.filter { names.contains($0.name) }
    }

    /// Exactly one target: the one named, or the only one declared; nil without `targets:`.
    /// For commands that read one database (`resolve`, `export`).
    func single(from settings: Settings) throws -> Target? {
        if names.isEmpty, settings.targets.count > 1 { return nil }
        let targets = try selected(from: settings)
        guard targets.count <= 1 else {
            throw LocatedFailure("error: switchboard.yaml declares \(targets.count) targets: name one with --target (\(targets.map(\.name).joined(separator: ", ")))")
        }
        return targets.first
    }

    /// For commands that read one database (`migrate`, `reload`, `key rotate`, `resolve`,
    /// `export`): the target's database and settings (its hooks), or `--database` and the settings.
    func database(_ databaseOptions: DatabaseOptions, settings: Settings) throws -> (database: DatabaseTarget, settings: Settings) {
        guard let target = try single(from: settings) else { return (try databaseOptions.target(settings: settings), settings) }
        return (try databaseOptions.database(of: target), target.settings(from: settings))
    }
}
