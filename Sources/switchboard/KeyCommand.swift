import ArgumentParser
import Foundation
import SwitchboardModel
import SwitchboardReconcile
import SwitchboardStore

/// `switchboard key rotate`: a new key for the channel settings at rest, when the key is kept in a
/// file (the embedded database's `switchboard.key`, or `--encryption-key-file`).
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage the key that encrypts channel settings at rest.",
        subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the key in its file and encrypt every stored channel setting again with it, in one transaction.",
            discussion: """
                For switchboard.key beside a local SQLite database (the default) or --encryption-key-file. \
                A key given in SWITCHBOARD_ENCRYPTION_KEY is rotated by the operator instead: see the README.
                """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var databaseOptions: DatabaseOptions
        @OptionGroup var targetOptions: TargetOptions

        @Option(help: ArgumentHelp("The key file to rotate (default: switchboard.key beside the SQLite database).", valueName: "file"))
        var encryptionKeyFile: String?

        func run() async throws {
            let (settings, diagnostics, _) = source.resolve()
            guard !diagnostics.hasErrors else {
                Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
                throw ExitCode.failure
            }
            let target = try reportingFailures { try targetOptions.database(databaseOptions, settings: settings).database }
            if encryptionKeyFile == nil, ProcessInfo.processInfo.environment["SWITCHBOARD_ENCRYPTION_KEY"].map({ !$0.isEmpty }) == true {
                Terminal.writeError("error: the key comes from SWITCHBOARD_ENCRYPTION_KEY: rotate it with SWITCHBOARD_OLD_ENCRYPTION_KEYS (README, \"rotating the key\")\n")
                throw ExitCode.failure
            }
            let keyFile: String
            if let encryptionKeyFile {
                keyFile = encryptionKeyFile
            } else if case .sqlite(let path) = target {
                keyFile = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/switchboard.key"
            } else {
                Terminal.writeError("error: \(target) keeps no key file: give --encryption-key-file, or rotate SWITCHBOARD_ENCRYPTION_KEY (README)\n")
                throw ExitCode.failure
            }
            let outcome = try reportingFailures { try KeyRotation(keyFile: keyFile, target: target).run() }
            Terminal.write("\(outcome.resumed ? "Finished an interrupted rotation" : "Rotated") \(keyFile): key \(outcome.oldKeyID) → \(outcome.newKeyID); \(plural(outcome.rows, "channel setting")) encrypted again in \(target).\n")
        }
    }
}
