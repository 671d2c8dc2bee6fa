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
    /// row itself changes or not), in declared order: tenants, routes, accounts, channels.
    /// - Parameter declared: the rows declared. Only a row with facts on one side can differ, and
    ///   most rows have none: a kind is walked only when one of its keys differs (a first plan of a
    ///   million routes, whose channels alone have facts, made and looked up every route's key).
    static func updates(desired: [ManagedKey: RowFacts], declared: DesiredState, actual: ActualState) -> [RowFactsUpdate] {
        func recorded(_ key: ManagedKey) -> RowFacts { actual.rowFacts[key] ?? RowFacts.none }
        let differing = Set(desired.filter { $0.value != recorded($0.key) }.keys)
            .union(actual.rowFacts.keys.filter { desired[$0] == nil && recorded($0) != RowFacts.none })
        guard !differing.isEmpty else { return [] }
        let kinds = Set(differing.map(\.kind))
        var updates: [RowFactsUpdate] = []
        func add<Row: ManagedRow>(_ rows: [Row]) {
            guard kinds.contains(Row.kind) else { return }
            for row in rows {
                let key = row.managedKey
                if differing.contains(key) { updates.append(RowFactsUpdate(key: key, facts: desired[key] ?? .none)) }
            }
        }
        add(declared.tenants)
        add(declared.routes)
        add(declared.sipAccounts)
        add(declared.channelConfigurations)
        return updates
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
