import ArgumentParser
import Foundation
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile

/// `switchboard export`: an existing database written as tenant files (adoption).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an existing database as tenant files, and adopt its rows (they become managed).",
        discussion: """
            One file per tenant and a sip-accounts.yaml, in the format validate accepts. Secrets become \
            {env: NAME} references; their values go to an env file outside the folder (mode 0600), never \
            into it. The database is migrated first, like reconcile, and the exported rows are recorded as \
            managed. Exit status: 0 written (and the plan of the files is empty), 1 error, 2 written but \
            the plan of the files is not empty (see the notes).
            """)

    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var targetOptions: TargetOptions

    @Option(help: ArgumentHelp("Settings file (default: switchboard.yaml in the working directory, when present).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Folder to write the tenant files into: new or without tenant files.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Where the secrets go (default: secrets.env beside the --out folder, never inside it).", valueName: "file"))
    var secretsOut: String?

    @Option(help: ArgumentHelp("File holding the key that decrypts channel settings; default: SWITCHBOARD_ENCRYPTION_KEY.", valueName: "file"))
    var encryptionKeyFile: String?

    func run() async throws {
        let (settings, diagnostics) = loadSettings(config: config)
        if diagnostics.hasErrors {
            Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
            throw ExitCode.failure
        }
        let result = try reportingFailures {
            let (database, targetSettings) = try targetOptions.database(databaseOptions, settings: settings)
            var options = Exporter.Options(target: database, settings: targetSettings, outputDirectory: out)
            options.secretsFile = secretsOut
            options.encryptionKeyFile = encryptionKeyFile
            return try Exporter(options: options).run()
        }
        for note in result.notes { Terminal.writeError("note: \(note)\n") }
        if let secrets = result.secretsFile {
            Terminal.writeError("warning: \(secrets.path) holds \(secrets.count) secret(s) in clear (mode 0600): do not commit it; move the values to your secret store\n")
        }
        var summary = "Exported \(result.files.count) file(s) to \(out); \(result.adopted) row(s) now managed."
        if result.plan.isEmpty {
            summary += " Plan of the exported files: no changes."
        } else {
            summary += " Plan of the exported files: \(result.plan.summaryLine) Run `switchboard plan --dir \(out)` to see it."
        }
        Terminal.write(summary + "\n")
        if !result.plan.isEmpty { throw ExitCode(2) }
    }
}

/// `--config`, else `switchboard.yaml` in the working directory when present, else the defaults.
func loadSettings(config: String?) -> (Settings, [Diagnostic]) {
    let path = config ?? (FileManager.default.fileExists(atPath: "switchboard.yaml") ? "switchboard.yaml" : nil)
    guard let path else { return (Settings(), []) }
    return SettingsLoader.load(path: path)
}
