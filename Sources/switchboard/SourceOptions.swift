import ArgumentParser
import SwitchboardModel
import SwitchboardLoader
import Foundation

/// Where the tenant files and the settings are: shared by every command that reads them.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of tenant files (default: 'directory' in switchboard.yaml, else tenants.d).", valueName: "dir"))
    var dir: String?

    @Option(name: .long, help: ArgumentHelp("Settings file (default: switchboard.yaml beside the folder of tenant files).", valueName: "file"))
    var config: String?

    /// The settings file in use: `--config`, else `switchboard.yaml` beside `--dir` (or in the
    /// working directory), when it exists.
    var settingsPath: String? {
        if let config { return config }
        let candidate = dir.map { folder(of: $0) + "switchboard.yaml" } ?? "switchboard.yaml"
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// Settings (with their own diagnostics) and the directory of tenant files they point at.
    func resolve() -> (settings: Settings, diagnostics: [Diagnostic], directory: String) {
        var settings = Settings()
        var diagnostics: [Diagnostic] = []
        if let path = settingsPath {
            (settings, diagnostics) = SettingsLoader.load(path: path)
        }
        let directory = dir
            ?? settings.directory.map { $0.hasPrefix("/") ? $0 : folder(of: settingsPath ?? "") + $0 }
            ?? "tenants.d"
        return (settings, diagnostics, directory)
    }

    /// `a/b/tenants.d` → `a/b/`, `tenants.d` → ``.
    private func folder(of path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return String(trimmed[...slash])
    }
}
