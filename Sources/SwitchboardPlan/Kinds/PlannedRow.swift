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
    /// The plan lines of the changes whose action is one of `actions`, marking `protected` rows.
    let entries: (_ actions: Set<Action>, _ protected: Set<ManagedKey>) -> [PlanEntry]

    init<Row: PlannedRow>(_ changes: [Change<Row>]) {
        kind = Row.kind
        count = { action in changes.reduce(0) { $1.action == action ? $0 + 1 : $0 } }
        keys = { actions in changes.compactMap { actions.contains($0.action) ? $0.row.managedKey : nil } }
        entries = { actions, protected in
            changes.compactMap { change in
                guard actions.contains(change.action) else { return nil }
                let row = change.row
                return PlanEntry(kind: Row.kind, action: change.action, identity: row.planIdentity,
                                 summary: Row.planSummary(of: change), fields: change.fields,
                                 location: change.action == .delete ? nil : row.location,
                                 isProtected: protected.contains(row.managedKey), quotesIdentity: Row.quotesIdentity)
            }
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
