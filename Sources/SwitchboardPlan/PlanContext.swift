import SwitchboardModel

/// What the per-kind comparisons need to know beyond the two rows: tenant names for display,
/// resolved secrets, the live channel rows' stored flags, the platform's workflows.
struct PlanContext {
    let desired: DesiredState
    let actual: ActualState
    let secrets: ResolvedSecrets
    /// The key channel settings should be encrypted with (rows under another are re-encrypted).
    let encryptionKeyID: String?
    /// Tenant slugs by id, desired over live, for "tenant 42 acme".
    private let slugs: [Int64: String]
    /// Stored `configured` flags of live channel rows.
    private let storedConfigured: [ManagedKey: Bool]
    /// Decrypted settings of live channel rows.
    private let storedSettings: [ManagedKey: StoredSettings]

    init(desired: DesiredState, actual: ActualState, secrets: ResolvedSecrets, encryptionKeyID: String?) {
        self.desired = desired
        self.actual = actual
        self.secrets = secrets
        self.encryptionKeyID = encryptionKeyID
        storedSettings = Dictionary(
            actual.channelConfigurations.map { (ManagedKey.channel(tenantID: $0.tenantID, type: $0.type), $0.settings) },
            uniquingKeysWith: { a, _ in a })
        var slugs = Dictionary(actual.tenants.map { ($0.id, $0.slug) }, uniquingKeysWith: { a, _ in a })
        for tenant in desired.tenants { slugs[tenant.id] = tenant.slug }
        self.slugs = slugs
        storedConfigured = Dictionary(
            actual.channelConfigurations.map { (ManagedKey.channel(tenantID: $0.tenantID, type: $0.type), $0.isConfigured) },
            uniquingKeysWith: { a, _ in a })
    }

    func tenantLabel(_ id: Int64) -> String { slugs[id].map { "\(id) \($0)" } ?? "\(id)" }

    // MARK: Tenants

    var tenantDiffer: Differ<Tenant, Int64> {
        Differ(
            kind: .tenants, identity: \.id, managedKey: ManagedKey.tenant,
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare("slug", live?.slug, desired?.slug)
                fields.compare("name", live?.name, desired?.name)
                fields.compare("active", live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\($0.id) \($0.slug)" },
            isProtected: { $0.id == Tenant.defaultTenantID })
    }

    // MARK: Routes

    var routeDiffer: Differ<Route, RouteKey> {
        Differ(
            kind: .routes, identity: \.key, managedKey: ManagedKey.route,
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare("tenant", live?.tenantID, desired?.tenantID, format: tenantLabel)
                fields.compare("active", live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\($0.key) (tenant \(tenantLabel($0.tenantID)))" })
    }

    // MARK: SIP accounts

    var sipAccountDiffer: Differ<SIPAccount, String> {
        Differ(
            kind: .sipAccounts, identity: \.label, managedKey: ManagedKey.sipAccount,
            fields: { live, desired in
                var fields = FieldChanges()
                if let desired, live != nil, let from = renamedFrom[desired.label] {
                    fields.append(FieldChange("label", before: .text(from), after: .text(desired.label)))
                }
                fields.compare("trunkUri", live?.trunkURI, desired?.trunkURI)
                fields.compare("username", live?.username, desired?.username)
                if let change = passwordChange(live: live, desired: desired) { fields.append(change) }
                fields.compare("contactHost", live?.contactHost, desired?.contactHost)
                fields.compare("contactPort", live?.contactPort, desired?.contactPort)
                fields.compare("contactTransport", live?.contactTransport.rawValue, desired?.contactTransport.rawValue)
                fields.compare("default", live?.isDefault, desired?.isDefault)
                fields.compare("active", live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\"\($0.label)\"" },
            redacted: { row in
                var row = row
                row.password = nil
                return row
            })
    }

    /// Compares the stored password with the resolved desired one, showing neither.
    private func passwordChange(live: SIPAccount?, desired: SIPAccount?) -> FieldChange? {
        let stored = live?.password.flatMap { secrets.value(of: $0) }
        let before: FieldValue = stored == nil ? .absent : .sensitive
        guard let reference = desired?.password else {
            return stored == nil ? nil : FieldChange("password", before: before, after: .absent)
        }
        guard let wanted = secrets.value(of: reference) else {
            // Unresolvable on a dry run (CI): a new account shows it as unknown; an existing one
            // whose reference changed since the last apply too (a rotation must never hide); an
            // unchanged reference is counted in the summary, its value compared only at apply.
            guard let desired, stored != nil else { return FieldChange("password", before: .absent, after: .unknown) }
            let recorded = actual.rowFacts[.sipAccount(desired.label)]?.secretReferences["password"]
            return recorded == reference.token ? nil : FieldChange("password", before: .sensitive, after: .unknown)
        }
        return wanted == stored ? nil : FieldChange("password", before: before, after: .sensitive)
    }

    /// How many secret references could not be read here (a dry run without them), and how many of
    /// those are trunks' passwords (a change of theirs would reload the SIP manager).
    var unreadableSecrets: (all: Int, trunks: Int) {
        let unreadable = desired.secretUses.filter { secrets.problem(with: $0.reference) != nil }
        return (unreadable.count, unreadable.count(where: \.isTrunk))
    }

    /// Warnings for secrets that could not be resolved (only reachable on a dry run).
    var secretWarnings: [Diagnostic] {
        desired.secretUses.compactMap { use in
            guard let problem = secrets.problem(with: use.reference), let location = use.location else { return nil }
            return .warning(at: location, "\(use.what) is unknown: \(problem)")
        }
    }

    // MARK: Channels

    /// A live channel row as the planner compares it (its encrypted settings are not compared here).
    func liveChannel(_ stored: StoredChannelConfiguration) -> ChannelConfiguration {
        ChannelConfiguration(tenantID: stored.tenantID, type: stored.type, isEnabled: stored.isEnabled, templates: stored.templates)
    }

    var channelDiffer: Differ<ChannelConfiguration, ChannelKey> {
        Differ(
            kind: .channels, identity: { ChannelKey(tenantID: $0.tenantID, type: $0.type) },
            managedKey: { ManagedKey.channel(tenantID: $0.tenantID, type: $0.type) },
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare("enabled", live?.isEnabled, desired?.isEnabled)
                let liveConfigured = live.flatMap { storedConfigured[.channel(tenantID: $0.tenantID, type: $0.type)] }
                fields.compare("configured", liveConfigured, desired?.isConfigured)
                fields.compare("templates", live?.templates, desired?.templates, format: Self.describe)
                for change in settingsChanges(live: live, desired: desired) { fields.append(change) }
                return fields.list
            },
            display: { "\($0.type.rawValue) (tenant \(tenantLabel($0.tenantID)))" })
    }

    /// Setting by setting: credentials as (sensitive), a credential that could not be resolved on a
    /// dry run not compared, and, when nothing else differs, a re-encryption for a row stored
    /// under another key than the current one (key rotation).
    private func settingsChanges(live: ChannelConfiguration?, desired: ChannelConfiguration?) -> [FieldChange] {
        let wanted = desired?.settings.values(secrets: secrets).values ?? [:]
        var stored: [String: SettingValues.Value] = [:]
        var storedKeyID: String?
        if let live {
            switch storedSettings[.channel(tenantID: live.tenantID, type: live.type)] ?? StoredSettings.none {
            case .none: break
            case .decrypted(let values, let keyID): (stored, storedKeyID) = (values.values, keyID)
            case .unreadable, .locked: return []  // reported by `settingsDiagnostics`; never compared or overwritten
            }
        }
        var changes: [FieldChange] = []
        for name in Set(wanted.keys).union(stored.keys).sorted() {
            let after = wanted[name], before = stored[name]
            if SettingValues.sensitiveNames.contains(name) {
                // Unreadable here: a change only when the reference differs from the one recorded.
                if after == .unknown, before != nil, let desired,
                   actual.rowFacts[.channel(tenantID: desired.tenantID, type: desired.type)]?.secretReferences[name]
                       == desired.settings.secretReferences[name]?.token {
                    continue
                }
                guard after != before else { continue }
                changes.append(FieldChange(name, before: before == nil ? .absent : .sensitive,
                                           after: after == nil ? .absent : after == .unknown ? .unknown : .sensitive))
            } else if after != before {
                changes.append(FieldChange(name, before: Self.fieldValue(before), after: Self.fieldValue(after)))
            }
        }
        if desired != nil, changes.isEmpty, let storedKeyID, let current = encryptionKeyID, storedKeyID != current {
            changes.append(FieldChange("encryptionKey", before: .text(storedKeyID), after: .text(current)))
        }
        return changes
    }

    private static func fieldValue(_ value: SettingValues.Value?) -> FieldValue {
        switch value {
        case nil: .absent
        case .text(let text): .text(text)
        case .unknown: .unknown
        }
    }

    /// Declared channels whose stored settings cannot be read: an error each (nothing is
    /// overwritten), or one warning when no key was given at all (a dry run without a key).
    var settingsDiagnostics: [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var locked: [ChannelConfiguration] = []
        for channel in desired.channelConfigurations {
            switch storedSettings[.channel(tenantID: channel.tenantID, type: channel.type)] {
            case .unreadable(let reason):
                if let location = channel.location {
                    diagnostics.append(.error(at: location, "stored settings of tenant \(channel.tenantID) \(channel.type.rawValue) are unreadable: \(reason); nothing is overwritten (add the old key to SWITCHBOARD_OLD_ENCRYPTION_KEYS)"))
                }
            case .locked:
                locked.append(channel)
            default:
                break
            }
        }
        if let first = locked.first, let location = first.location {
            diagnostics.append(.warning(at: location, "channel settings are encrypted and no key was given: settings of \(locked.count) channel(s) not compared (set SWITCHBOARD_ENCRYPTION_KEY)"))
        }
        return diagnostics
    }

    /// `promotions=off, rdvRappel=on`: sorted, so equal maps read equal.
    static func describe(_ templates: [String: Bool]) -> String {
        templates.isEmpty ? "{}" : templates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ? "on" : "off")" }.joined(separator: ", ")
    }

    // MARK: Workflow bindings

    /// Live bindings, with workflows whose definitions disagree shown as bound to "(mixed)".
    var liveBindings: [WorkflowBinding] {
        actual.workflowBindings + actual.mixedWorkflowBindings.sorted().map { WorkflowBinding(workflowSlug: $0, accountLabel: "(mixed)") }
    }

    /// Bindings the database can take: a slug it does not know is an error at the binding's line;
    /// a database without workflow tables (the embedded default) skips bindings with a warning.
    func checkedBindings(_ bindings: [WorkflowBinding]) -> ([WorkflowBinding], [Diagnostic]) {
        guard let known = actual.knownWorkflows else {
            let diagnostics = bindings.prefix(1).compactMap { binding in
                binding.location.map { Diagnostic.warning(at: $0, "the database has no workflows table: \(bindings.count) workflow binding(s) not applied") }
            }
            return ([], diagnostics)
        }
        var kept: [WorkflowBinding] = []
        var diagnostics: [Diagnostic] = []
        for binding in bindings {
            if known.contains(binding.workflowSlug) {
                kept.append(binding)
            } else if let location = binding.location {
                diagnostics.append(.error(at: location, "workflow '\(binding.workflowSlug)' does not exist in the database\(Self.suggestion(binding.workflowSlug, known))"))
            }
        }
        return (kept, diagnostics)
    }

    private static func suggestion(_ slug: String, _ known: Set<String>) -> String {
        let close = known.filter { $0.lowercased() == slug.lowercased() || $0.hasPrefix(slug) || slug.hasPrefix($0) }.sorted()
        return close.first.map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Accounts renamed in place: the new label → the old one (set by the planner).
    var renamedFrom: [String: String] = [:]

    /// Labels of the accounts the plan deletes (set by the planner once accounts are diffed).
    var deletedAccountLabels: Set<String> = []

    /// The SIP accounts once the plan is applied, in the platform's order: the declared ones, then
    /// live ones no file declares and the plan keeps.
    var accountsAfterApply: [SIPAccount] {
        let declared = Set(desired.sipAccounts.map(\.label))
        return desired.sipAccounts + actual.sipAccounts.filter { !declared.contains($0.label) && !deletedAccountLabels.contains($0.label) }
    }

    var bindingDiffer: Differ<WorkflowBinding, String> {
        Differ(
            kind: .workflowBindings, identity: \.workflowSlug, managedKey: ManagedKey.workflowBinding,
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare("account", live?.accountLabel, desired?.accountLabel)
                guard !fields.list.isEmpty else { return fields.list }
                // What the change means for calls: the trunk the platform will use, before and after.
                let before = EffectiveTrunk.resolve(boundTo: live?.accountLabel, accounts: actual.sipAccounts)
                let after = EffectiveTrunk.resolve(boundTo: desired?.accountLabel, accounts: accountsAfterApply)
                fields.append(FieldChange("effectiveTrunk", before: before.map { .text($0) } ?? .text("(legacy app_settings)"),
                                          after: after.map { .text($0) } ?? .text("(legacy app_settings)")))
                return fields.list
            },
            display: { "\($0.workflowSlug) → \"\($0.accountLabel)\"" })
    }
}

/// Identity of a channel configuration: `(tenant_id, channel_type)`.
struct ChannelKey: Hashable, Comparable {
    var tenantID: Int64
    var type: ChannelType

    static func < (a: ChannelKey, b: ChannelKey) -> Bool {
        a.tenantID != b.tenantID ? a.tenantID < b.tenantID : a.type < b.type
    }
}
