import SwitchboardModel

/// Channel configurations in a plan: `~ channel 42 email enabled false → true, password (sensitive)`.
/// Settings are compared decrypted, setting by setting; credentials only as (sensitive).
extension ChannelConfiguration: PlannedRow {
    public var planIdentity: String { "\(tenantID) \(type.rawValue)" }

    public static func planSummary(of change: Change<ChannelConfiguration>) -> String {
        change.row.isEnabled ? "enabled" : "disabled"
    }
}

extension FieldName {
    static let enabled = FieldName("enabled")
    static let configured = FieldName("configured")
    static let templates = FieldName("templates")
    /// A row stored under another key than the current one: re-encrypted (key rotation).
    static let encryptionKey = FieldName("encryptionKey")

    /// One of the channel's settings (`host`, `apiToken`), under its name in the files.
    static func setting(_ name: String) -> FieldName { FieldName(name) }
}

/// Identity of a channel configuration: `(tenant_id, channel_type)`.
struct ChannelKey: Hashable, Comparable {
    var tenantID: Int64
    var type: ChannelType

    /// The tenant and the type's place: hashing the type itself hashes its name, a string.
    func hash(into hasher: inout Hasher) {
        hasher.combine(tenantID)
        hasher.combine(type.ordinal)
    }

    static func < (a: ChannelKey, b: ChannelKey) -> Bool {
        a.tenantID != b.tenantID ? a.tenantID < b.tenantID : a.type < b.type
    }
}

extension ChannelKey: OrderPrefixed {
    var orderPrefix: OrderPrefix { OrderPrefix(tenantID, then: UInt64(ChannelType.allCases.firstIndex(of: type)!)) }
}

/// A declared or stored channel row, found in the plan's tables by its `ChannelKey`.
protocol TenantChannelRow {
    var tenantID: Int64 { get }
    var type: ChannelType { get }
}

extension TenantChannelRow {
    var channelKey: ChannelKey { ChannelKey(tenantID: tenantID, type: type) }
}

extension ChannelConfiguration: TenantChannelRow {}
extension StoredChannelConfiguration: TenantChannelRow {}

extension PlanContext {
    /// A live channel row as the planner compares it (its encrypted settings are not compared here).
    func liveChannel(_ stored: StoredChannelConfiguration) -> ChannelConfiguration {
        ChannelConfiguration(tenantID: stored.tenantID, type: stored.type, isEnabled: stored.isEnabled, templates: stored.templates)
    }

    var channelDiffer: Differ<ChannelConfiguration, ChannelKey> {
        Differ(
            kind: .channels, identity: { $0.channelKey },
            managedKey: { ManagedKey.channel(tenantID: $0.tenantID, type: $0.type) },
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare(.enabled, live?.isEnabled, desired?.isEnabled)
                let liveConfigured = live.flatMap { storedChannels[$0.channelKey]?.isConfigured }
                fields.compare(.configured, liveConfigured, desired?.isConfigured)
                fields.compare(.templates, live?.templates, desired?.templates, format: Self.describe)
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
            switch storedChannels[live.channelKey]?.settings ?? StoredSettings.none {
            case .none: break
            case .decrypted(let values, let keyID): (stored, storedKeyID) = (values.values, keyID)
            case .unreadable, .locked: return []  // reported by `settingsDiagnostics`; never compared or overwritten
            }
        }
        var changes: [FieldChange] = []
        // Most rows of a plan hold the settings stored: no name to compare one by one.
        for name in wanted == stored ? [] : Set(wanted.keys).union(stored.keys).sorted() {
            let after = wanted[name], before = stored[name]
            if SettingValues.sensitiveNames.contains(name) {
                // Unreadable here: a change only when the reference differs from the one recorded.
                if after == .unknown, before != nil, let desired,
                   actual.rowFacts[desired.managedKey]?.secretReferences[name]
                       == desired.settings.secretReferences[name]?.token {
                    continue
                }
                guard after != before else { continue }
                changes.append(FieldChange(.setting(name), before: before == nil ? .absent : .sensitive,
                                           after: after == nil ? .absent : after == .unknown ? .unknown : .sensitive))
            } else if after != before {
                changes.append(FieldChange(.setting(name), before: Self.fieldValue(before), after: Self.fieldValue(after)))
            }
        }
        if desired != nil, changes.isEmpty, let storedKeyID, let current = encryptionKeyID, storedKeyID != current {
            changes.append(FieldChange(.encryptionKey, before: .text(storedKeyID), after: .text(current)))
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
            switch storedChannels[channel.channelKey]?.settings {
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
}

private extension ChannelType {
    var ordinal: UInt8 {
        switch self {
        case .phone: 0
        case .sms: 1
        case .email: 2
        case .whatsapp: 3
        }
    }
}
