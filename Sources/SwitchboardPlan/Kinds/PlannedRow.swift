import SwitchboardModel

/// A kind of row as a plan shows it. Each kind conforms in its own file in this folder, beside
/// its differ and its field names: adding a kind to the plan is one new file here.
public protocol PlannedRow: ManagedRow {
    /// The row's identity in a plan line ("whatsapp +33939240575", "Trunk Principal").
    var planIdentity: String { get }
    /// What a created or deleted row is or does, in a few words ("tenant 42 acme").
    static func planSummary(of change: Change<Self>) -> String
    /// Plans quote the identity (SIP labels often hold spaces).
    static var quotesIdentity: Bool { get }
}

extension PlannedRow {
    public static var quotesIdentity: Bool { false }
}

/// One kind's changes with their row type set aside: what the plan's walks in `Plan.order` (the
/// counts, the ownership records, the entries every renderer shows) need, without a switch over
/// the kinds. Built by `Plan.kinds`, the one list of a plan's kinds.
public struct KindChanges {
    public let kind: ResourceKind
    /// How many changes of this kind do `action`.
    public let count: (_ action: Action) -> Int
    /// The `switchboard_managed` records of the rows whose change is one of `actions`.
    public let keys: (_ actions: Set<Action>) -> [ManagedKey]
    /// The plan lines of the first `limit` changes whose action is one of `actions`, marking
    /// `protected` rows: a text plan shows 100 lines of a kind, and building a million lines to
    /// show 100 cost more than planning them.
    let entries: (_ actions: Set<Action>, _ protected: Set<ManagedKey>, _ limit: Int) -> [PlanEntry]

    // Indices, not `for change in changes`: reading `changes[index].action` reads one field where
    // iterating copies (retains) each row and its field list.
    init<Row: PlannedRow>(_ changes: [Change<Row>]) {
        kind = Row.kind
        count = { action in
            var count = 0
            for index in changes.indices where changes[index].action == action { count += 1 }
            return count
        }
        keys = { actions in
            var keys: [ManagedKey] = []
            for index in changes.indices where actions.contains(changes[index].action) { keys.append(changes[index].row.managedKey) }
            return keys
        }
        entries = { actions, protected, limit in
            var entries: [PlanEntry] = []
            for index in changes.indices where entries.count < limit && actions.contains(changes[index].action) {
                let change = changes[index]
                let row = change.row
                entries.append(PlanEntry(kind: Row.kind, key: row.managedKey, action: change.action, identity: row.planIdentity,
                                         summary: Row.planSummary(of: change), fields: change.fields,
                                         location: change.action == .delete ? nil : row.location,
                                         isProtected: protected.contains(row.managedKey), quotesIdentity: Row.quotesIdentity))
            }
            return entries
        }
    }
}

extension Plan {
    /// The plan's changes kind by kind, in `ResourceKind` order: the one place a plan lists its
    /// kinds (each kind's rows stay typed in their own property for the rules that read them).
    public var kinds: [KindChanges] {
        [KindChanges(tenants), KindChanges(sipAccounts), KindChanges(routes), KindChanges(channels), KindChanges(workflowBindings)]
    }

    /// The changes of one kind.
    public func changes(of kind: ResourceKind) -> KindChanges {
        kinds.first { $0.kind == kind }!
    }
}
