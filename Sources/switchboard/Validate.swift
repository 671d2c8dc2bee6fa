import ArgumentParser
import SwitchboardLoader
import SwitchboardModel

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

    func run() async throws {
        let (settings, settingsDiagnostics, directory) = source.resolve()
        let result = try reportingFailures {
            try DirectoryLoader.load(directory: directory, options: LoadOptions(settings: settings, directory: directory))
        }
        var diagnostics = (settingsDiagnostics + result.diagnostics).sortedForDisplay()
        if strict {
            diagnostics = diagnostics.map { Diagnostic(.error, at: $0.location, $0.message) }
        }
        let report = ValidationReport(
            directory: directory, files: result.files.count, state: result.state, diagnostics: diagnostics)

        switch format {
        case .text:
            let colour = Terminal.usesColour(.standardError)
            Terminal.writeError(diagnostics.map { Terminal.line(for: $0, colour: colour) + "\n" }.joined())
            Terminal.write(report.summary + "\n")
        case .json:
            Terminal.write(report.json())
        case .github:
            Terminal.write(report.github() + report.summary + "\n")
        }
        if !report.valid { throw ExitCode.failure }
    }
}
