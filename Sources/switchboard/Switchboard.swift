import ArgumentParser
import SwitchboardModel

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Config-as-code for a multi-tenant telephony and chat platform: tenants, routes, SIP trunks, channels.",
        discussion: """
            Tenant files (YAML, in tenants.d/) declare the desired state; switchboard checks them \
            and brings the platform's database in line.
            """,
        version: BuildInfo.version,
        subcommands: [Validate.self, PlanCommand.self, ReconcileCommand.self, ShowCommand.self, ReloadCommand.self, Migrate.self, ExportCommand.self, ResolveCommand.self, CheckCommand.self, DaemonCommand.self, VersionCommand.self, CompletionCommand.self]
    )
}
