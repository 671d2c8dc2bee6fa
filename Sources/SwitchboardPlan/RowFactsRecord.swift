import SwitchboardModel

/// The facts an apply records for the rows it manages (`RowFacts`): which the files protect, and
/// where each secret comes from. Compared with what the database recorded, they say what to write.
enum RowFactsRecord {
    /// What the files say of each declared row (rows with nothing to say are absent).
    /// - Parameter secretUses: `state.secretUses`, listed once by the caller.
    static func desired(_ state: DesiredState, secretUses: [SecretUse]) -> [ManagedKey: RowFacts] {
        var facts: [ManagedKey: RowFacts] = [:]
        for tenant in state.tenants where tenant.isProtected { facts[.tenant(tenant.id)] = RowFacts(isProtected: true) }
        for route in state.routes where route.isProtected { facts[.route(route.key)] = RowFacts(isProtected: true) }
        for account in state.sipAccounts where account.isProtected { facts[.sipAccount(account.label)] = RowFacts(isProtected: true) }
        for use in secretUses { facts[use.row, default: RowFacts()].secretReferences[use.field] = use.reference.token }
        return facts
    }

    /// The declared rows whose recorded facts differ from the files' (written at apply, whether the
    /// row itself changes or not), in declared order.
    /// - Parameter declared: every declared row's key, asked for only when some facts differ: only a
    ///   row with facts on one side can differ, and most rows have none (a no-op plan of a million
    ///   routes built every key to find no update).
    static func updates(desired: [ManagedKey: RowFacts], declared: () -> [ManagedKey], actual: ActualState) -> [RowFactsUpdate] {
        func recorded(_ key: ManagedKey) -> RowFacts { actual.rowFacts[key] ?? RowFacts.none }
        let differing = Set(desired.filter { $0.value != recorded($0.key) }.keys)
            .union(actual.rowFacts.keys.filter { desired[$0] == nil && recorded($0) != RowFacts.none })
        guard !differing.isEmpty else { return [] }
        return declared().compactMap { key in
            differing.contains(key) ? RowFactsUpdate(key: key, facts: desired[key] ?? .none) : nil
        }
    }
}

/// One managed row's facts to record.
public struct RowFactsUpdate: Hashable, Sendable, Codable {
    public var key: ManagedKey
    public var facts: RowFacts

    public init(key: ManagedKey, facts: RowFacts) {
        self.key = key
        self.facts = facts
    }
}

extension DesiredState {
    /// Every declared row's ownership key.
    var managedKeys: [ManagedKey] {
        tenants.map(\.managedKey) + routes.map(\.managedKey) + sipAccounts.map(\.managedKey) + channelConfigurations.map(\.managedKey)
    }
}
