/// Which tenants a target carries (`targets.NAME.tenants` in switchboard.yaml, DESIGN §9).
public enum TenantSelector: Hashable, Sendable, CustomStringConvertible {
    /// `tenants: all`.
    case all
    /// `tenants: {region: eu, tier: [gold, silver]}`: every label named, with one of its values.
    case labels([String: Set<String>])
    /// `tenants: [acme, 42]`: these slugs and ids.
    case named(ids: Set<Int64>, slugs: Set<String>)

    public func selects(_ tenant: Tenant) -> Bool {
        switch self {
        case .all: true
        case .labels(let wanted): wanted.allSatisfy { name, values in tenant.labels[name].map(values.contains) ?? false }
        case .named(let ids, let slugs): ids.contains(tenant.id) || slugs.contains(tenant.slug)
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .labels(let wanted):
            wanted.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.sorted().joined(separator: "|"))" }.joined(separator: ",")
        case .named(let ids, let slugs): (ids.sorted().map(String.init) + slugs.sorted()).joined(separator: ",")
        }
    }
}

/// Which SIP accounts a target carries (`targets.NAME.sipAccounts`): all, or these labels.
public enum AccountSelector: Hashable, Sendable {
    case all
    case labels(Set<String>)

    public func selects(_ account: SIPAccount) -> Bool {
        switch self {
        case .all: true
        case .labels(let labels): labels.contains(account.label)
        }
    }
}
