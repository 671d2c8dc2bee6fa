import Foundation
import SwitchboardModel

/// Reads `switchboard.yaml` (DESIGN §1). Every key is optional; a missing file is no settings.
public enum SettingsLoader {
    static let topLevelKeys = ["database", "directory", "defaultRegion", "defaultCountryCode", "secrets", "prune", "guard", "policy", "hooks", "daemon", "gate", "whatsapp", "targets"]

    public static func load(path: String) -> (settings: Settings, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (Settings(), [.error(at: .start(of: path), "cannot read settings file")])
        }
        let yaml = YAMLReader.read([UInt8](data), file: path)
        guard let root = yaml.root, !yaml.diagnostics.hasErrors else { return (Settings(), yaml.diagnostics) }
        var reader = NodeReader(file: path)
        var settings = Settings()
        settings.location = .start(of: path)
        guard let fields = reader.fields(root, allowed: topLevelKeys, context: NodeReader.topLevel) else {
            return (settings, reader.diagnostics)
        }
        if let node = fields["database"], let text = databaseURL(node, field: "database", reader: &reader) {
            settings.database = text
            settings.databaseLocation = reader.location(of: node)
        }
        if let node = fields["targets"] {
            settings.targets = targets(node, reader: &reader)
            if let database = fields["database"] {
                reader.error(database, "database and targets are both set: with targets, each target names its own database (move it into a target)")
            }
        }
        settings.directory = fields["directory"].flatMap { reader.string($0, field: "directory") }
        if let node = fields["defaultRegion"] { settings.defaultRegion = reader.region(node, field: "defaultRegion") }
        if let node = fields["defaultCountryCode"], let code = reader.string(node, field: "defaultCountryCode") {
            let digits = code.hasPrefix("+") ? String(code.dropFirst()) : code
            if PhoneNumber.isCountryCode(digits), let region = PhoneNumber.mainRegion(forCountryCode: digits) {
                if fields["defaultRegion"] == nil {
                    settings.defaultRegion = region
                    reader.warning(node, "defaultCountryCode is deprecated: write defaultRegion: \(region) (national numbers are read by the region's rules)")
                } else {
                    reader.warning(node, "defaultCountryCode is deprecated and ignored beside defaultRegion: remove it")
                }
            } else {
                reader.error(node, "defaultCountryCode \(Excerpt.quoted(code)) must be a country calling code: 1 to 3 digits, e.g. \"33\"")
            }
        }
        if let node = fields["prune"] { settings.prune = prune(node, reader: &reader) }
        if let node = fields["secrets"] { secrets(node, into: &settings, reader: &reader) }
        if let node = fields["guard"] { deleteGuard(node, into: &settings, reader: &reader) }
        if let node = fields["policy"] { settings.policy = policy(node, reader: &reader) }
        if let node = fields["hooks"] { (settings.sipReload, settings.notify) = hooks(node, reader: &reader) }
        if let node = fields["daemon"] { settings.daemon = daemon(node, reader: &reader) }
        if let node = fields["gate"], let gate = reader.fields(node, allowed: ["checks"], context: "gate"),
           let checks = gate["checks"], let level = reader.choice(checks, field: "gate.checks", as: CheckGate.self) {
            settings.gate.checksRequired = level == .required
        }
        if let node = fields["whatsapp"] { settings.whatsAppAPIBase = whatsAppAPIBase(node, reader: &reader) }
        return (settings, yaml.diagnostics + reader.diagnostics)
    }

    /// A database URL as written: `${…}` may name the URL or its password, never switchboard's own
    /// settings. nil after reporting.
    static func databaseURL(_ node: YAMLNode, field: String, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        switch VariableExpansion.names(in: text) {
        case .failure(let problem):
            reader.error(node, "\(field): \(problem)")
        case .success(let names) where names.contains(where: Self.isKeptOutOfTheDatabaseURL):
            // The file is the repository's: a URL naming the encryption key could send it to any host.
            reader.error(node, "\(field): ${…} may not name a SWITCHBOARD_* variable other than SWITCHBOARD_DATABASE_URL (the encryption key never goes into a URL)")
        case .success:
            return text
        }
        return nil
    }

    /// `prune: owned`, or per kind: `{routes: owned, sipAccounts: none}`.
    private static func prune(_ node: YAMLNode, reader: inout NodeReader) -> [ResourceKind: PruneMode] {
        if node.scalarText != nil {
            guard let mode = reader.choice(node, field: "prune", as: PruneMode.self) else { return [:] }
            return Dictionary(uniqueKeysWithValues: ResourceKind.allCases.map { ($0, mode) })
        }
        return reader.choices(node, context: "prune", keys: ResourceKind.self, values: PruneMode.self)
    }

    /// `secrets: {fileRoot: ., env: ["SIP_*", "*_SMTP_PASSWORD"]}`.
    private static func secrets(_ node: YAMLNode, into settings: inout Settings, reader: inout NodeReader) {
        guard let fields = reader.fields(node, allowed: ["fileRoot", "env"], context: "secrets") else { return }
        if let node = fields["fileRoot"], let root = reader.string(node, field: "secrets.fileRoot") {
            // The settings file is in the repository a pull request writes: it may narrow the
            // secrets root, never widen it past the repository (SWITCHBOARD_SECRETS_ROOT, set by the
            // operator, may).
            let folder = FilePaths.resolved(FilePaths.folder(of: reader.file))
            let candidate = root.hasPrefix("/") ? nil : SecretPolicy.normalised(folder + "/" + root)
            if let candidate, FilePaths.isInside(FilePaths.resolved(candidate), folder) {
                settings.secretsFileRoot = root
            } else {
                reader.error(node, "secrets.fileRoot \(Excerpt.quoted(root)) leaves the repository (the folder of switchboard.yaml): a secrets root elsewhere is the operator's, through SWITCHBOARD_SECRETS_ROOT")
            }
        }
        if let envNode = fields["env"], let items = reader.list(envNode, field: "secrets.env") {
            var patterns: [String] = []
            for item in items {
                guard let pattern = reader.string(item, field: "secrets.env") else { continue }
                let letters = pattern.filter { $0 != "*" && $0 != "?" }
                guard letters.isEmpty || NodeReader.isEnvironmentVariableName("_" + letters) else {
                    reader.error(item, "secrets.env pattern \(Excerpt.quoted(pattern)) must be a variable name with * or ? (e.g. \"SIP_*\")")
                    continue
                }
                patterns.append(pattern)
            }
            settings.secretsEnvironment = patterns
        }
    }

    /// `policy: {tenantMove: refuse, defaultTrunkChange: warn}`: allow | warn | refuse per risk code.
    private static func policy(_ node: YAMLNode, reader: inout NodeReader) -> [RiskCode: PolicyLevel] {
        reader.choices(node, context: "policy", keys: RiskCode.self, values: PolicyLevel.self)
    }

    /// `guard: {maxDeletes: 10%, window: 24h}`; maxDeletes is a share or a count.
    private static func deleteGuard(_ node: YAMLNode, into settings: inout Settings, reader: inout NodeReader) {
        guard let fields = reader.fields(node, allowed: ["maxDeletes", "window"], context: "guard") else { return }
        if let window = fields["window"].flatMap({ duration($0, field: "guard.window", reader: &reader) }) {
            settings.guardWindow = window
        }
        guard let value = fields["maxDeletes"], let text = reader.string(value, field: "guard.maxDeletes") else { return }
        if text.hasSuffix("%"), let share = Double(text.dropLast()), (0...100).contains(share) {
            settings.maxDeletes = .percent(share)
        } else if let count = reader.integer(value, field: "guard.maxDeletes", range: 0...Int64(Int32.max),
                                             rule: "a share like 10% or a count like 25") {
            settings.maxDeletes = .count(Int(count))
        }
    }

    static func hooks(_ node: YAMLNode, reader: inout NodeReader) -> (SIPReloadHooks, NotifyHook?) {
        var hooks = SIPReloadHooks()
        guard let fields = reader.fields(node, allowed: ["sipReload", "notify"], context: "hooks") else { return (hooks, nil) }
        let notify = fields["notify"].flatMap { notifyHook($0, reader: &reader) }
        guard let reload = fields["sipReload"],
              let reloadFields = reader.fields(reload, allowed: ["notify", "http", "command"], context: "hooks.sipReload")
        else { return (hooks, notify) }
        if let notify = reloadFields["notify"], let channel = reader.string(notify, field: "notify") {
            if NodeReader.isEnvironmentVariableName(channel), channel.utf8.count <= 63 {
                hooks.notifyChannel = channel
            } else {
                reader.error(notify, "notify channel \(Excerpt.quoted(channel)) must be a plain identifier (letters, digits, _; at most 63)")
            }
        }
        if let http = reloadFields["http"] { hooks.http = httpHook(http, reader: &reader) }
        if let command = reloadFields["command"], let items = reader.list(command, field: "command") {
            let argv = items.compactMap { reader.string($0, field: "command") }
            if argv.isEmpty {
                reader.error(command, "'command' must name a program: [\"systemctl\", \"reload\", \"sip-agent\"]")
            } else if argv.count == items.count {
                hooks.command = argv
            }
        }
        return (hooks, notify)
    }

    /// `hooks.notify: {url, tokenEnv, timeout, retries, on: [applied, refused, drift, checkFailed, reloadPending]}`.
    private static func notifyHook(_ node: YAMLNode, reader: inout NodeReader) -> NotifyHook? {
        guard let fields = reader.fields(node, allowed: ["url", "tokenEnv", "timeout", "retries", "on"], context: "hooks.notify"),
              let http = httpHook(node, reader: &reader, read: fields, context: "hooks.notify") else { return nil }
        var hook = NotifyHook(http: http)
        if let on = fields["on"], let items = reader.list(on, field: "hooks.notify.on") {
            hook.events = Set(items.compactMap { reader.choice($0, field: "hooks.notify.on", as: NotifyEvent.self) })
        }
        return hook
    }

    /// `${…}` in `database` may name the URL or its password (`DATABASE_URL`, `PGPASSWORD`, any
    /// other), never switchboard's own settings such as the encryption key.
    static func isKeptOutOfTheDatabaseURL(_ name: String) -> Bool {
        name.hasPrefix("SWITCHBOARD_") && name != "SWITCHBOARD_DATABASE_URL"
    }

    /// - Parameter read: the hook's fields when the caller read them already (`hooks.notify` has one more).
    private static func httpHook(_ node: YAMLNode, reader: inout NodeReader, read: Fields? = nil,
                                 context: String = "http hook") -> SIPReloadHooks.HTTP? {
        guard let fields = read ?? reader.fields(node, allowed: ["url", "tokenEnv", "timeout", "retries"], context: context),
              let urlNode = reader.required(fields, "url", context: context),
              let url = reader.string(urlNode, field: "url")
        else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            reader.error(urlNode, "hook url \(Excerpt.quoted(RedactedURL.display(url))) must start with http:// or https://")
            return nil
        }
        var hook = SIPReloadHooks.HTTP(url: url)
        if let tokenNode = fields["tokenEnv"], let name = reader.string(tokenNode, field: "tokenEnv") {
            if SecretPolicy.isReserved(name) {
                // The hook's URL is in the repository too: its token is never one of switchboard's credentials.
                reader.error(tokenNode, "tokenEnv \(Excerpt.quoted(name)) is a variable switchboard itself uses (DATABASE_URL, SWITCHBOARD_*, PG*): a hook's token is never one of them")
            } else if NodeReader.isEnvironmentVariableName(name) {
                hook.tokenEnvironmentVariable = name
            } else {
                reader.error(tokenNode, "tokenEnv names an environment variable (the token itself never goes in a file), found \(Excerpt.quoted(name))")
            }
        }
        if let timeout = fields["timeout"].flatMap({ duration($0, field: "timeout", reader: &reader) }) { hook.timeout = timeout }
        if let retries = fields["retries"].flatMap({ reader.integer($0, field: "retries", range: 0...100) }) { hook.retries = Int(retries) }
        return hook
    }

    /// `whatsapp: {apiBase: URL}`. The tenants' tokens are sent there, and a pull request writes
    /// this file: only the Graph API's own hosts over HTTPS, or a server on loopback (tests).
    private static func whatsAppAPIBase(_ node: YAMLNode, reader: inout NodeReader) -> String? {
        guard let fields = reader.fields(node, allowed: ["apiBase"], context: "whatsapp"),
              let baseNode = fields["apiBase"], let base = reader.string(baseNode, field: "whatsapp.apiBase") else { return nil }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
              url.user == nil, url.password == nil, url.query == nil else {
            reader.error(baseNode, "whatsapp.apiBase \(Excerpt.quoted(RedactedURL.display(base))) must be a URL like https://graph.facebook.com/v21.0")
            return nil
        }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        let graph = scheme == "https" && (host == "facebook.com" || host.hasSuffix(".facebook.com"))
        guard graph || (loopback && (scheme == "http" || scheme == "https")) else {
            reader.error(baseNode, "whatsapp.apiBase \(Excerpt.quoted(RedactedURL.display(base))) must be the Graph API over https (*.facebook.com) or a server on loopback: the tenants' tokens are sent to it")
            return nil
        }
        return base
    }

    private static func daemon(_ node: YAMLNode, reader: inout NodeReader) -> DaemonSettings {
        var daemon = DaemonSettings()
        guard let fields = reader.fields(node, allowed: ["interval", "listen", "selfHeal", "debounce"], context: "daemon")
        else { return daemon }
        if let interval = fields["interval"].flatMap({ duration($0, field: "interval", reader: &reader) }) { daemon.interval = interval }
        if let debounce = fields["debounce"].flatMap({ duration($0, field: "debounce", reader: &reader) }) { daemon.debounce = debounce }
        if let selfHeal = fields["selfHeal"].flatMap({ reader.bool($0, field: "selfHeal") }) { daemon.selfHeal = selfHeal }
        if let listenNode = fields["listen"], let listen = reader.string(listenNode, field: "listen") {
            if let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65535).contains(port) {
                daemon.listen = listen
            } else {
                reader.error(listenNode, "listen \(Excerpt.quoted(listen)) must be host:port, e.g. 127.0.0.1:9464")
            }
        }
        return daemon
    }

    private static func duration(_ node: YAMLNode, field: String, reader: inout NodeReader) -> SettingDuration? {
        guard let text = reader.string(node, field: field) else { return nil }
        guard let duration = SettingDuration.parse(text) else {
            reader.error(node, "'\(field)' must be a duration like 300ms, 5s, 2m, 1h or 1m30s (at most \(SettingDuration.longest)), found \(Excerpt.quoted(text))")
            return nil
        }
        return duration
    }
}
