import SwitchboardModel

/// A live row no file declares that the plan leaves alone.
public struct RetainedRow: Hashable, Sendable, Codable {
    public enum Reason: String, Hashable, Sendable, Codable {
        /// Made by hand (not in `switchboard_managed`) under `prune: owned`.
        case unmanaged
        /// `prune: none` for its kind.
        case pruneNone
        /// Tenant 1, which the web channel falls back to, is never pruned.
        case defaultTenant
    }

    public var key: ManagedKey
    /// How the plan names the row ("vocal +33100000099 (tenant 3)").
    public var display: String
    public var reason: Reason
}

/// The ordered list of changes that brings the database in line with the files, computed by
/// `Planner.plan` as a pure function of (desired, actual). Dry-run prints it; apply writes it.
public struct Plan: Hashable, Sendable, Codable {
    public var tenants: [Change<Tenant>] = []
    public var sipAccounts: [Change<SIPAccount>] = []
    public var routes: [Change<Route>] = []
    public var channels: [Change<ChannelConfiguration>] = []
    public var workflowBindings: [Change<WorkflowBinding>] = []
    /// SIP accounts renamed in place (`renamedFrom`), before the accounts are written; their
    /// ownership records follow.
    public var accountRenames: [AccountRename] = []

    /// Rows no file declares that stay, and why (made by hand, prune: none, the default tenant).
    public var retained: [RetainedRow] = []
    /// Ownership records whose row is gone: removed from `switchboard_managed` on apply.
    public var releasedOwnership: [ManagedKey] = []
    /// Rows written by this plan that `switchboard_managed` does not record yet (the rest of
    /// `ownedAfterApply` is recorded already and only gets the new revision).
    public var newOwnership: [ManagedKey] = []
    /// The changes that move live traffic, by code, with the policy's decision (RiskFinder).
    public var risks: [Risk] = []
    /// Protected rows (`protect: true`, now or at the last apply) among the changes.
    public var protectedRows: Set<ManagedKey> = []
    /// Facts to record for managed rows (protection, secret references), written at apply even
    /// when the row itself does not change.
    public var factUpdates: [RowFactsUpdate] = []
    /// Rows whose protection this plan sets (true) or lifts (false): shown, since it changes what
    /// later plans may do.
    public var protectionChanges: [ManagedKey: Bool] = [:]
    /// Secrets the files reference that could not be read here (a dry run in CI): a change of
    /// their values shows only at apply. How many, and whether one is a trunk's.
    public var unreadableSecrets = 0
    public var unreadableTrunkSecrets = 0
    /// Why the plan must not be applied (the delete guard, a refused risk), or nil.
    public var refusal: String?
    /// Problems only the database can reveal (a workflow it does not know): the plan cannot apply.
    public var errors: [Diagnostic] = []
    /// Things to know that do not stop the plan (a secret that could not be resolved on dry run).
    public var warnings: [Diagnostic] = []

    public init() {}

    /// DESIGN §3: creates and updates top-down, deletes bottom-up. Expressed as data so the text,
    /// JSON and markdown plans and both appliers walk the same order.
    public static let order: [(kind: ResourceKind, actions: Set<Action>)] = [
        (.tenants, [.create, .update]),
        (.sipAccounts, [.create, .update]),
        (.routes, [.create, .update, .delete]),
        (.channels, [.create, .update, .delete]),
        (.workflowBindings, [.create, .update, .delete]),
        (.sipAccounts, [.delete]),
        (.tenants, [.delete]),
    ]

    /// How many rows the plan creates, updates or deletes.
    public var changeCount: Int { Action.allCases.reduce(0) { $0 + count(of: $1) } }

    public var isEmpty: Bool { changeCount == 0 }

    /// Something to write: a row change, or only facts to record (a protection set, a secret now
    /// read from elsewhere).
    public var hasWrites: Bool { !isEmpty || !factUpdates.isEmpty || !accountRenames.isEmpty }

    /// True when the SIP manager must reload: a SIP account or a workflow binding changes.
    public var needsSIPReload: Bool { !sipAccounts.isEmpty || !workflowBindings.isEmpty || !accountRenames.isEmpty }

    public func count(of action: Action) -> Int {
        kinds.reduce(0) { $0 + $1.count(action) }
    }

    public func count(of action: Action, in kind: ResourceKind) -> Int {
        changes(of: kind).count(action)
    }

    /// Rows `switchboard_managed` must record after apply: every created or updated row.
    public var ownedAfterApply: [ManagedKey] { kinds.flatMap { $0.keys([.create, .update]) } }

    /// Ownership records a delete ends.
    public var deletedOwnership: [ManagedKey] { kinds.flatMap { $0.keys([.delete]) } }
}
