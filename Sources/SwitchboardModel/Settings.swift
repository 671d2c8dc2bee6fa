/// How rows that no file declares any more are treated (DESIGN §3).
public enum PruneMode: String, CaseIterable, Hashable, Sendable, Codable {
    /// Delete only rows switchboard manages (recorded in `switchboard_managed`). The default.
    case owned
    /// Delete every row no file declares, including ones made by hand.
    case all
    /// Never delete.
    case none

    /// A kind without a `prune` setting.
    public static let `default` = PruneMode.owned
}

/// The most deletions of one kind a plan may make without `--allow-deletes`.
public enum DeleteLimit: Hashable, Sendable, CustomStringConvertible {
    /// A share of the kind's existing rows, in percent.
    case percent(Double)
    case count(Int)

    public static let `default` = DeleteLimit.percent(10)

    public var description: String {
        switch self {
        case .percent(let share): share == share.rounded() ? "\(Int(share))%" : "\(share)%"
        case .count(let count): "\(count)"
        }
    }
}

/// A length of time written as `300ms`, `5s`, `2m`, `1h` or `1m30s`.
public struct SettingDuration: Hashable, Sendable, CustomStringConvertible {
    public var milliseconds: Int

    public init(milliseconds: Int) { self.milliseconds = milliseconds }

    /// The longest duration any setting takes: 366 days (`8784h`). Longer is an error, not a
    /// crash: `99999999999999999h` would overflow, and a clock advanced that far would trap.
    public static let longest = SettingDuration(milliseconds: 8784 * 3_600_000)

    /// `300ms`, `5s`, `2m`, `1h`, or parts of them largest first as Go and systemd write them
    /// (`1m30s`, `1h30m`, `2s500ms`); nil when malformed or longer than `longest`.
    public static func parse(_ text: String) -> SettingDuration? {
        let factors: [String: Int] = ["h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1]
        var rest = Substring(text)
        var total = 0
        var lastFactor = Int.max
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCIIDigit }
            let unit = rest.dropFirst(digits.count).prefix { $0.isLetter }
            // Each unit once, largest first: `30s1m` and `1m1m` are typing errors, not durations.
            guard !digits.isEmpty, digits.count <= 12, let value = Int(digits), let factor = factors[String(unit)],
                  factor < lastFactor else { return nil }
            total += value * factor
            guard total <= longest.milliseconds else { return nil }
            lastFactor = factor
            rest = rest.dropFirst(digits.count + unit.count)
        }
        return lastFactor == Int.max ? nil : SettingDuration(milliseconds: total)
    }

    public var description: String {
        if milliseconds % 3_600_000 == 0, milliseconds > 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0, milliseconds > 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }
}

/// How the SIP manager is told to reload its accounts after a trunk change.
public struct SIPReloadHooks: Hashable, Sendable {
    public struct HTTP: Hashable, Sendable {
        public var url: String
        /// Name of the environment variable holding the bearer token (never the token itself).
        public var tokenEnvironmentVariable: String?
        public var timeout: SettingDuration
        public var retries: Int

        public init(url: String, tokenEnvironmentVariable: String? = nil,
                    timeout: SettingDuration = .init(milliseconds: 5000), retries: Int = 5) {
            self.url = url
            self.tokenEnvironmentVariable = tokenEnvironmentVariable
            self.timeout = timeout
            self.retries = retries
        }
    }

    /// PostgreSQL NOTIFY channel, sent inside the apply transaction.
    public var notifyChannel: String?
    public var http: HTTP?
    /// A program and its arguments, run without a shell.
    public var command: [String]?

    public init(notifyChannel: String? = nil, http: HTTP? = nil, command: [String]? = nil) {
        self.notifyChannel = notifyChannel
        self.http = http
        self.command = command
    }
}

/// What the daemon tells people about (`hooks.notify.on`).
public enum NotifyEvent: String, CaseIterable, Hashable, Sendable {
    case applied, refused, drift, checkFailed, reloadPending
}

/// `hooks.notify`: the daemon posts a JSON summary (with a Slack-compatible `text`) on the events
/// named in `on` (all by default), retried, never with a secret.
public struct NotifyHook: Hashable, Sendable {
    public var http: SIPReloadHooks.HTTP
    public var events: Set<NotifyEvent> = Set(NotifyEvent.allCases)

    public init(http: SIPReloadHooks.HTTP) { self.http = http }
}

public struct DaemonSettings: Hashable, Sendable {
    public var interval = SettingDuration(milliseconds: 60_000)
    public var listen = "127.0.0.1:9464"
    public var selfHeal = true
    public var debounce = SettingDuration(milliseconds: 100)

    public init() {}
}

/// `gate: {checks: required}`: what must hold before an apply.
public struct GateSettings: Hashable, Sendable {
    /// A failed check of a row the plan creates or changes refuses the apply (exit 3), and
    /// `reconcile` runs the checks without `--check`.
    public var checksRequired = false

    public init() {}
}

/// `switchboard.yaml`: everything optional. Flags override the environment, which overrides this file.
public struct Settings: Hashable, Sendable {
    /// Database URL as written, before `${VAR}` expansion. May hold a password: never print it as is.
    public var database: String?
    public var databaseLocation: SourceLocation?
    /// Folder of the tenant files, relative to the settings file's folder.
    public var directory: String?
    /// `defaultRegion: FR` (ISO 3166-1 alpha-2): how national numbers are read in a tenant without
    /// `country`. The older `defaultCountryCode: "33"` sets it to the code's main region.
    public var defaultRegion: String?
    public var prune: [ResourceKind: PruneMode] = [:]
    /// `policy: {tenantMove: refuse, …}`: what each risk does; absent codes use their default.
    public var policy: [RiskCode: PolicyLevel] = [:]
    public var maxDeletes: DeleteLimit = .default
    /// `guard.window`: deletions are counted over this much time, not one run at a time.
    public var guardWindow: SettingDuration?
    /// `secrets.fileRoot` as written (relative to the settings file's folder); nil: that folder.
    public var secretsFileRoot: String?
    /// `secrets.env`: glob patterns of the variables tenant files may read; nil: any not reserved.
    public var secretsEnvironment: [String]?
    public var sipReload = SIPReloadHooks()
    public var notify: NotifyHook?
    public var daemon = DaemonSettings()
    public var gate = GateSettings()
    /// `whatsapp.apiBase`: where WhatsApp checks ask the Graph API (nil: the public one).
    public var whatsAppAPIBase: String?
    /// `targets:`: the databases the files are applied to (DESIGN §9); empty: one, `database`.
    public var targets: [Target] = []
    /// Where the settings came from, when a file was read.
    public var location: SourceLocation?

    public init() {}

    public func pruneMode(for kind: ResourceKind) -> PruneMode { prune[kind] ?? .default }

    /// The environment variables this file itself reads (`${…}` in each `database`, `tokenEnv`): a
    /// tenant file may not read them (they are the daemon's own credentials).
    public var variableNames: Set<String> {
        var names = Set<String>()
        if let database, case .success(let referenced) = VariableExpansion.names(in: database) { names.formUnion(referenced) }
        if let token = sipReload.http?.tokenEnvironmentVariable { names.insert(token) }
        if let token = notify?.http.tokenEnvironmentVariable { names.insert(token) }
        for target in targets {
            if case .success(let referenced) = VariableExpansion.names(in: target.database) { names.formUnion(referenced) }
            if let token = target.sipReload?.http?.tokenEnvironmentVariable { names.insert(token) }
            if let token = target.notify??.http.tokenEnvironmentVariable { names.insert(token) }
        }
        return names
    }
}

extension Character {
    public var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Whether every byte is ASCII: such text can be read byte by byte, a character being a byte.
    public var isAllASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }
}

/// `gate.checks`: `required` refuses an apply whose changed rows fail their check; `optional`
/// (the default) only reports.
public enum CheckGate: String, CaseIterable, Hashable, Sendable {
    case optional, required
}
