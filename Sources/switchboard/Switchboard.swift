import ArgumentParser
import Foundation
import SwitchboardModel

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Config-as-code for a multi-tenant telephony and chat platform: tenants, routes, SIP trunks, channels.",
        discussion: """
            Tenant files (YAML, in tenants.d/) declare the desired state; switchboard checks them \
            and brings the platform's database in line.

            Exit status: 0 success (nothing pending, or applied); 1 error (invalid files, database \
            unreachable…; nothing applied); 2 changes pending (--detailed-exitcode); 3 refused (the \
            guard, the policy, protection, a required check; nothing applied); 4 a check failed; \
            64 usage error (a mistyped command or flag).
            """,
        version: BuildInfo.version,
        subcommands: [Validate.self, PlanCommand.self, ReconcileCommand.self, ShowCommand.self, ReloadCommand.self, Migrate.self, ExportCommand.self, ResolveCommand.self, CheckCommand.self, DaemonCommand.self, KeyCommand.self, VersionCommand.self, CompletionCommand.self]
    )

    /// ArgumentParser's `main`, with switchboard's error style: `error: message` (lowercase, as
    /// every other error line), then the usage of the subcommand that was mistyped; exit 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if code != .success, message.hasPrefix("Error: ") {
                let rest = message.dropFirst("Error: ".count)
                message = "error: " + rest.prefix(1).lowercased() + rest.dropFirst()
            }
            if !message.isEmpty {
                Terminal.write(message.hasSuffix("\n") ? message : message + "\n", to: code == .success ? .standardOutput : .standardError)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
