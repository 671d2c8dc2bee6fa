import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardDaemon
import SwitchboardModel

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `switchboard daemon`: keeps the database in line with the folder, continuously.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Watch the folder and keep the database in line with it: on each change, every interval, on SIGHUP.",
        discussion: """
            One leader among replicas (a PostgreSQL advisory lock; a lock file beside an SQLite database). \
            HTTP on --listen: /healthz, /readyz, /status (JSON), /metrics (Prometheus). SIGTERM or SIGINT: \
            the running transaction finishes, then exit 0. SIGHUP: reconcile now. Defaults come from the \
            daemon section of switchboard.yaml.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var targetOptions: TargetOptions

    @Option(help: ArgumentHelp("Reconcile this often even without a file change (drift repair), e.g. 60s, 5m.", valueName: "duration"))
    var interval: String?

    @Option(help: ArgumentHelp("Address for /healthz, /readyz, /status and /metrics (default 127.0.0.1:9464).", valueName: "ip:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Quiet time after a file event before reading the files (default 100ms).", valueName: "duration"))
    var debounce: String?

    @Flag(help: "Report drift found on the interval, do not repair it (file changes are still applied).")
    var noSelfHeal = false

    @Option(help: "Logs on standard error: text, or json (one object per line, for collectors).")
    var logFormat: LogFormat = .text

    @Option(help: ArgumentHelp("File holding the key that encrypts channel settings; default: SWITCHBOARD_ENCRYPTION_KEY.", valueName: "file"))
    var encryptionKeyFile: String?

    @Flag(help: "Refuse to run without a key, instead of creating switchboard.key beside a local SQLite database.")
    var requireKey = false

    @Flag(help: "Do not check the SIP accounts and channels an apply changed (by default they are checked after the commit and reported in /status and /metrics).")
    var noCheck = false

    @OptionGroup(title: "Checks") var checkOptions: CheckOptions

    /// The flags' own values, checked while parsing: a mistake shows `daemon`'s usage.
    func validate() throws {
        if let interval, (SettingDuration.parse(interval)?.milliseconds ?? 0) <= 0 {
            throw ValidationError("--interval must be a duration like 60s, 5m or 1m30s (at most \(SettingDuration.longest)), found \(Excerpt.quoted(interval))")
        }
        if let debounce, SettingDuration.parse(debounce) == nil {
            throw ValidationError("--debounce must be a duration like 300ms (at most \(SettingDuration.longest)), found \(Excerpt.quoted(debounce))")
        }
        if let listen, DaemonConfiguration.parseListen(listen) == nil {
            throw ValidationError("--listen must be IPv4:port, e.g. 127.0.0.1:9464, found \(Excerpt.quoted(listen))")
        }
    }

    func run() async throws {
        let (settings, diagnostics, directory) = source.resolve()
        if diagnostics.hasErrors {
            Terminal.writeError(diagnostics.map { "\($0)\n" }.joined())
            throw ExitCode.failure
        }
        let daemon = settings.daemon
        guard let intervalSetting = interval.map(SettingDuration.parse) ?? daemon.interval, intervalSetting.milliseconds > 0 else {
            throw ValidationError("--interval must be a duration like 60s, 5m or 1m30s (at most \(SettingDuration.longest))")
        }
        guard let debounceSetting = debounce.map(SettingDuration.parse) ?? daemon.debounce else {
            throw ValidationError("--debounce must be a duration like 300ms (at most \(SettingDuration.longest))")
        }
        guard let address = DaemonConfiguration.parseListen(listen ?? daemon.listen) else {
            throw ValidationError("--listen must be IPv4:port, e.g. 127.0.0.1:9464")
        }
        let targets = try reportingFailures { try targetOptions.selected(from: settings) }
        let databases = try reportingFailures {
            targets.isEmpty ? [try databaseOptions.target(settings: settings)] : try targets.map { try databaseOptions.database(of: $0) }
        }
        // A database that does not answer must not hang a cycle: libpq's connect timeout, unless set.
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil { setenv("PGCONNECT_TIMEOUT", "5", 1) }

        let checks = !noCheck || settings.gate.checksRequired ? try reportingFailures { try checkOptions.runner(settings: settings) } : nil
        // One configuration per target (its database, its hooks, its rows), or one for the database.
        let configurations = zip(targets.isEmpty ? [nil] : targets.map(Optional.some), databases).map { target, database in
            var configuration = DaemonConfiguration(
                directory: directory, settings: target?.settings(from: settings) ?? settings, target: database,
                interval: .milliseconds(intervalSetting.milliseconds), debounce: .milliseconds(debounceSetting.milliseconds),
                listenHost: address.host, listenPort: address.port, selfHeal: daemon.selfHeal && !noSelfHeal)
            configuration.encryptionKeyFile = encryptionKeyFile
            configuration.requireKey = requireKey
            configuration.checks = checks
            configuration.selection = target
            return configuration
        }

        let format = logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "switchboard.daemon")
        let service: any Service = targets.isEmpty
            ? ReconcileDaemon(configuration: configurations[0], logger: logger)
            : DaemonFleet(configurations: configurations, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
