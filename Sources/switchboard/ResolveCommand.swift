import ArgumentParser
import Foundation
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile
import SwitchboardStore

extension RouteChannel: ExpressibleByArgument {}

enum ResolveFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `switchboard resolve`: which tenant gets this number or widget key, from the database or the files.
struct ResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Which tenant gets this number or widget key (the platform's rules, from the database or the files).",
        discussion: """
            The key is normalised as the platform stores it, by libphonenumber's rules (a national number is \
            read as --region, else defaultRegion). web without a key answers the default tenant 1; an unknown web key is what \
            the platform refuses with 401. Reads the database unless --dir is given. Exit status: 0 routed, \
            1 no route (or an error), 2 the route or its tenant is inactive.
            """)

    @Argument(help: "vocal, whatsapp or web.")
    var channel: RouteChannel

    @Argument(help: "The called number, the WhatsApp Business number, or the X-Tenant-Key value (may be empty for web).")
    var key: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var targetOptions: TargetOptions

    @Option(help: ArgumentHelp("How a national number is read (ISO 3166-1 alpha-2; default: defaultRegion in switchboard.yaml).", valueName: "region"))
    var region: String?

    @Option(help: "Output: text or json.")
    var format: ResolveFormat = .text

    func validate() throws {
        if source.dir != nil, databaseOptions.database != nil {
            throw ValidationError("give --database or --dir, not both")
        }
        if let region, !PhoneNumber.isRegion(region) {
            throw ValidationError("--region must be a country as ISO 3166-1 alpha-2 (FR, IT, US…), found \(Excerpt.quoted(region))")
        }
    }

    func run() async throws {
        let (settings, diagnostics, directory) = source.resolve()
        if diagnostics.hasErrors {
            Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
            throw ExitCode.failure
        }
        let resolution = try reportingFailures { () -> Resolution in
            do {
                if source.dir != nil {
                    let load = try DirectoryLoader.load(directory: directory, options: LoadOptions(settings: settings, directory: directory))
                    guard load.isValid else { throw ReconcileError.invalidFiles(load.diagnostics) }
                    // With --target, only that target's tenants (a key may be routed once per target).
                    let state = try targetOptions.names.isEmpty ? load.state : targetOptions.single(from: settings)?.select(load.state) ?? load.state
                    return try RouteResolver(source: .files(state), region: region ?? settings.defaultRegion)
                        .resolve(channel: channel, input: key)
                }
                let database = try targetOptions.database(databaseOptions, settings: settings).database
                let connection = try Database.connect(database)
                defer { connection.close() }
                return try RouteResolver(source: .database(RouteLookup(connection: connection)), region: region ?? settings.defaultRegion)
                    .resolve(channel: channel, input: key)
            } catch let error as ResolveError {
                throw ValidationError(error.message)
            }
        }
        switch format {
        case .text: Terminal.write(resolution.text + "\n")
        case .json:
            Terminal.write(String(decoding: try JSONText.data(resolution, indented: false), as: UTF8.self) + "\n")
        }
        if resolution.exitCode != 0 { throw ExitCode(resolution.exitCode) }
    }
}
