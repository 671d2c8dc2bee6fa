import ArgumentParser
import Foundation
import SwitchboardLoader
import SwitchboardModel
import SwitchboardReconcile

/// `switchboard validate`: checks the tenant files offline. Reads no database and needs no secret.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the tenant files offline (no database, no secret needed).",
        discussion: "Exit status: 0 valid (warnings allowed unless --strict), 1 invalid.")

    @OptionGroup var source: SourceOptions

    @Flag(help: "Treat warnings (plaintext secrets, short web keys, unknown templates) as errors.")
    var strict = false

    @Option(help: "Output: text (compiler-style lines), json, or github (Actions annotations).")
    var format: DiagnosticFormat = .text

    @Flag(name: [.short, .long], help: "Print only the problems, not the summary line.")
    var quiet = false

    @Argument(help: ArgumentHelp("Report only these files (a pre-commit hook passes the changed ones); the whole folder is still read, for the rules across files.", valueName: "file"))
    var files: [String] = []

    func run() async throws {
        let (settings, settingsDiagnostics, directory) = source.resolve()
        let result = try reportingFailures {
            try DirectoryLoader.load(directory: directory, options: LoadOptions(settings: settings, directory: directory))
        }
        defer { BackgroundRelease.drop(result) }
        var diagnostics = (settingsDiagnostics + result.diagnostics).sortedForDisplay()
        if !files.isEmpty {
            let named = Set(files.map(Self.normalised))
            let loaded = Set(result.files.map(Self.normalised))
            for file in files where !loaded.contains(Self.normalised(file)) && !Self.normalised(file).hasSuffix("switchboard.yaml") {
                diagnostics.append(.error(at: .start(of: file), "not a tenant file of \(directory) (validate reads the folder; name files inside it)"))
            }
            // The named files' problems, those across files that cite them ("declared 2 times:
            // tenants.d/a.yaml:3:11, …" sits on the other file), and the settings' (every file
            // depends on them).
            let settingsFile = source.settingsPath.map(Self.normalised)
            let cited = result.files.filter { named.contains(Self.normalised($0)) }.map { $0 + ":" }
            diagnostics = diagnostics.filter { diagnostic in
                let file = Self.normalised(diagnostic.location.file)
                return named.contains(file) || file == settingsFile || cited.contains { diagnostic.message.contains($0) }
            }
        }
        if strict {
            diagnostics = diagnostics.map { Diagnostic(.error, at: $0.location, $0.message) }
        }
        let report = ValidationReport(
            directory: directory, files: result.files.count, state: result.state, diagnostics: diagnostics)

        switch format {
        case .text:
            let colour = Terminal.usesColour(.standardError)
            Terminal.writeError(diagnostics.map { Terminal.line(for: $0, colour: colour) + "\n" }.joined())
            if !quiet { Terminal.write(report.summary + "\n") }
        case .json:
            Terminal.write(report.json())
        case .github:
            Terminal.write(report.github() + report.summary + "\n")
        }
        if !report.valid { throw ExitCode.failure }
    }

    /// A path as the loader names it, whatever `./` or `a/../` it was written with.
    static func normalised(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
