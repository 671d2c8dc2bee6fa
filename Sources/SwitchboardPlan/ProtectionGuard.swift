import SwitchboardModel

/// `protect: true` on a tenant, a route or a SIP account (DESIGN §3 "Protection"): deleting it,
/// moving it to another tenant or deactivating it is refused without `--allow-protected`. A row is
/// protected if the files say so now, or said so at the last apply (a pull request that deletes
/// the row deletes its `protect: true` too).
struct ProtectionGuard {
    let policy: PlanPolicy
    /// The rows protected now or at the last apply: a few, looked up by key, so that a plan's
    /// million creates and unchanged rows cost nothing here.
    let protected: Set<ManagedKey>

    init(policy: PlanPolicy, desired: [ManagedKey: RowFacts], actual: ActualState) {
        self.policy = policy
        protected = Set(desired.filter(\.value.isProtected).keys).union(actual.rowFacts.filter(\.value.isProtected).keys)
    }

    func isProtected(_ key: ManagedKey) -> Bool { protected.contains(key) }

    /// The protected rows the plan touches, and what it does to each (`delete route web k`).
    func violations(in plan: Plan) -> [(key: ManagedKey, what: String)] {
        var found: [(ManagedKey, String)] = []
        guard !protected.isEmpty else { return found }
        func check<Row: ManagedRow>(_ changes: [Change<Row>], name: (Row) -> String, movable: Bool) {
            // A create touches no protected row: it is not even copied, nor its key built.
            for index in changes.indices where changes[index].action != .create {
                let change = changes[index]
                let managed = change.row.managedKey
                guard isProtected(managed) else { continue }
                switch change.action {
                case .delete:
                    found.append((managed, "delete \(name(change.row))"))
                case .update:
                    if movable, let move = change.fields.first(where: { $0.name == .tenant }) {
                        found.append((managed, "move \(name(change.row)) to tenant \(move.after)"))
                    }
                    if let active = change.fields.first(where: { $0.name == .active }), active.after == .text("false") {
                        found.append((managed, "deactivate \(name(change.row))"))
                    }
                case .create:
                    continue
                }
            }
        }
        check(plan.tenants, name: { "tenant \($0.id)" }, movable: false)
        check(plan.routes, name: { "route \($0.key)" }, movable: true)
        check(plan.sipAccounts, name: { "SIP account '\($0.label)'" }, movable: false)
        return found
    }

    func refusal(for violations: [(key: ManagedKey, what: String)]) -> String? {
        guard !violations.isEmpty, !policy.allowProtected else { return nil }
        return "refusing to change protected rows: \(violations.map(\.what).joined(separator: ", ")); re-run with --allow-protected if this is intended"
    }
}
