import SwitchboardModel

/// A SIP account renamed in place (`renamedFrom`): the row keeps its id, so its workflow bindings
/// (`workflow_definitions.sip_account_id`) stay; a delete and a create would let the platform's
/// `ON DELETE SET NULL` move them onto the default trunk (DESIGN §3 "Renames").
public struct AccountRename: Hashable, Sendable, Codable {
    public var from: String
    public var to: String
}

enum AccountRenames {
    /// The renames the database needs (the old label there, the new one not yet), and the actual
    /// state as it will read once renamed: the planner diffs against that, so the account is an
    /// update, its bindings and ownership unchanged.
    static func apply(desired: DesiredState, actual: ActualState) -> (ActualState, [AccountRename]) {
        let live = Set(actual.sipAccounts.map(\.label))
        let renames = desired.sipAccounts.compactMap { account -> AccountRename? in
            guard let from = account.renamedFrom, live.contains(from), !live.contains(account.label) else { return nil }
            return AccountRename(from: from, to: account.label)
        }
        guard !renames.isEmpty else { return (actual, []) }
        let newLabel = Dictionary(renames.map { ($0.from, $0.to) }, uniquingKeysWith: { a, _ in a })
        var renamed = actual
        for index in renamed.sipAccounts.indices {
            if let to = newLabel[renamed.sipAccounts[index].label] { renamed.sipAccounts[index].label = to }
        }
        for index in renamed.workflowBindings.indices {
            if let to = newLabel[renamed.workflowBindings[index].accountLabel] { renamed.workflowBindings[index].accountLabel = to }
        }
        for rename in renames where renamed.managed.remove(.sipAccount(rename.from)) != nil {
            renamed.managed.insert(.sipAccount(rename.to))
            renamed.rowFacts[.sipAccount(rename.to)] = renamed.rowFacts.removeValue(forKey: .sipAccount(rename.from))
        }
        return (renamed, renames)
    }
}
