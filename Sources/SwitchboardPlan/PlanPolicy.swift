import SwitchboardModel

/// The settings that shape a plan: prune modes and the delete guard (DESIGN §3).
public struct PlanPolicy: Hashable, Sendable {
    public var prune: [ResourceKind: PruneMode]
    public var maxDeletes: DeleteLimit
    /// `--allow-deletes`: the guard reports but does not refuse.
    public var allowDeletes: Bool
    /// Id of the key channel settings are encrypted with now; rows under another are re-encrypted.
    public var encryptionKeyID: String?
    /// When the desired state given to the planner is only a scope: how many tenants the files
    /// declare in all (the guard refuses a folder with none).
    public var wholeDesiredTenantCount: Int?
    /// `policy` in switchboard.yaml: what each risk does (absent: its default level).
    public var riskLevels: [RiskCode: PolicyLevel] = [:]
    /// `--allow CODE`: refused risks allowed for this run.
    public var allowedRisks: Set<RiskCode> = []
    /// `--allow-protected`: protected rows may be deleted, moved or deactivated in this run.
    public var allowProtected = false

    public init(prune: [ResourceKind: PruneMode] = [:], maxDeletes: DeleteLimit = .default, allowDeletes: Bool = false) {
        self.prune = prune
        self.maxDeletes = maxDeletes
        self.allowDeletes = allowDeletes
    }

    public init(settings: Settings, allowDeletes: Bool) {
        self.init(prune: settings.prune, maxDeletes: settings.maxDeletes, allowDeletes: allowDeletes)
        riskLevels = settings.policy
    }

    public func level(of code: RiskCode) -> PolicyLevel { riskLevels[code] ?? code.defaultLevel }

    public func pruneMode(for kind: ResourceKind) -> PruneMode { prune[kind] ?? .default }
}
