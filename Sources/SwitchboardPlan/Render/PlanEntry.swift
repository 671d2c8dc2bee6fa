import SwitchboardModel

/// One line of a plan as people and tools read it, in the plan's order (DESIGN §3).
public struct PlanEntry: Hashable, Sendable {
    public var kind: ResourceKind
    /// The row's `switchboard_managed` key (a check's result is shown beside its row).
    public var key: ManagedKey
    public var action: Action
    /// The row's identity as text ("whatsapp +33939240575", "Trunk Principal").
    public var identity: String
    /// What the row is or does, in a few words ("→ tenant 42 acme").
    public var summary: String
    public var fields: [FieldChange]
    public var location: SourceLocation?
    /// `protect: true`, now or at the last apply: the plans mark it.
    public var isProtected = false
    /// The kind's identities are quoted in plan lines (`PlannedRow.quotesIdentity`).
    var quotesIdentity = false
}

/// Where a plan comes from and goes to: the header of every format.
public struct PlanHeader: Hashable, Sendable, Codable {
    public var directory: String
    public var fileCount: Int
    /// The database, without password.
    public var database: String

    public init(directory: String, fileCount: Int, database: String) {
        self.directory = directory
        self.fileCount = fileCount
        self.database = database
    }
}

extension Plan {
    /// The changes as display entries, walking `Plan.order`.
    public var entries: [PlanEntry] { entries(perKind: .max).shown }

    /// The first `limit` entries of each kind, walking `Plan.order`, and how many of each kind are
    /// left out (only the lines shown are built).
    public func entries(perKind limit: Int) -> (shown: [PlanEntry], hidden: [(kind: ResourceKind, count: Int)]) {
        let kinds = self.kinds
        var shown: [PlanEntry] = []
        var shownPerKind: [ResourceKind: Int] = [:]
        for step in Plan.order {
            let changes = kinds.first { $0.kind == step.kind }!
            let entries = changes.entries(step.actions, protectedRows, limit - shownPerKind[step.kind, default: 0])
            shownPerKind[step.kind, default: 0] += entries.count
            shown += entries
        }
        let hidden = kinds.compactMap { changes -> (kind: ResourceKind, count: Int)? in
            let total = Action.allCases.reduce(0) { $0 + changes.count($1) }
            let left = total - shownPerKind[changes.kind, default: 0]
            return left > 0 ? (changes.kind, left) : nil
        }
        return (shown, hidden)
    }

    /// `protect set on route whatsapp +33939240575`: protection changes of rows not otherwise changed too.
    public var protectionLines: [String] {
        protectionChanges.sorted { $0.key < $1.key }.map { key, isProtected in
            "protect \(isProtected ? "set on" : "lifted from") \(key.kind.label) \(key.key)"
        }
    }

    /// "Plan: 1 to add, 2 to change, 1 to delete. SIP reload: yes."
    public var summaryLine: String {
        "Plan: \(count(of: .create)) to add, \(count(of: .update)) to change, \(count(of: .delete)) to delete. SIP reload: \(sipReloadWord)."
    }

    /// `yes`, `no`, or `possible` when a trunk's secret could not be read here (its value may have changed).
    public var sipReloadWord: String {
        needsSIPReload ? "yes" : unreadableTrunkSecrets > 0 ? "possible" : "no"
    }

    /// "3 secrets not readable here: a change of their values shows only at apply", or nil.
    public var unreadableSecretsLine: String? {
        guard unreadableSecrets > 0 else { return nil }
        return "\(plural(unreadableSecrets, "secret")) not readable here: a change of \(unreadableSecrets == 1 ? "its value" : "their values") shows only at apply"
    }
}

extension PlanEntry {
    /// The identity as text plans show it: SIP labels quoted, as they often hold spaces.
    var displayIdentity: String { quotesIdentity ? "\"\(identity)\"" : identity }

    var symbol: String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        }
    }

    /// What changes, in words: `tenant 1 default → 42 acme`, `password (sensitive)`.
    var changeDescription: String {
        switch action {
        case .create, .delete:
            return summary
        case .update:
            return fields.map { field in
                if field.name == .managed { return "takes over a row made by hand" }
                if field.after == .unknown { return "\(field.name) (unknown until apply)" }
                if field.isSensitive { return "\(field.name) (sensitive)" }
                return "\(field.name) \(field.before.quotedIfSpaced) → \(field.after.quotedIfSpaced)"
            }.joined(separator: ", ")
        }
    }
}

extension RetainedRow.Reason {
    var explanation: String {
        switch self {
        case .unmanaged: "made by hand; prune: owned keeps it"
        case .pruneNone: "prune: none keeps it"
        case .defaultTenant: "the default tenant is never pruned"
        }
    }
}

extension FieldValue {
    /// `"Acme Plomberie"` but `acme`: quotes only where a space would blur where a value ends.
    var quotedIfSpaced: String {
        if case .text(let text) = self, text.contains(" ") || text.isEmpty { return "\"\(text)\"" }
        return description
    }
}
