/// Which tenants a target carries (`targets.NAME.tenants` in switchboard.yaml, DESIGN §9):
/// `all`; labels (`{region: eu}`, each label with one of its values: `{region: [eu, ch]}`); a
/// list of slugs and ids (`[acme, 42]`); or the long form `{ids: [42], slugs: [acme], labels:
/// {region: eu}}`, which selects a tenant named by any of its parts.
public struct TenantSelector: Hashable, Sendable, CustomStringConvertible {
    public var all = false
    public var ids: Set<Int64> = []
    public var slugs: Set<String> = []
    /// nil: no label rule.
    public var labels: [String: Set<String>]?

    public init(ids: Set<Int64> = [], slugs: Set<String> = [], labels: [String: Set<String>]? = nil) {
        self.ids = ids
        self.slugs = slugs
        self.labels = labels
    }

    public static let everyTenant: TenantSelector = {
        var selector = TenantSelector()
        selector.all = true
        return selector
    }()

    public func selects(_ tenant: Tenant) -> Bool {
        if all || ids.contains(tenant.id) || slugs.contains(tenant.slug) { return true }
        guard let labels else { return false }
        return labels.allSatisfy { name, values in tenant.labels[name].map(values.contains) ?? false }
    }

    public var description: String {
        if all { return "all" }
        var parts = ids.sorted().map(String.init) + slugs.sorted()
        if let labels {
            parts += labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.sorted().joined(separator: "|"))" }
        }
        return parts.joined(separator: ",")
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
