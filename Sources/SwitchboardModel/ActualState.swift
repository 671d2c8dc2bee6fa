/// A `channel_configurations` row as stored: its settings are still encrypted.
public struct StoredChannelConfiguration: Hashable, Sendable {
    public var tenantID: Int64
    public var type: ChannelType
    public var isEnabled: Bool
    public var isConfigured: Bool
    public var templates: [String: Bool]
    /// `v1:<key id>:<base64>`, or nil when the row holds no settings.
    public var configEncrypted: String?
    /// The settings once decrypted (done after reading, where the keys are).
    public var settings: StoredSettings = .none

    /// Its record in `switchboard_managed`, as `ChannelConfiguration.managedKey`.
    public var managedKey: ManagedKey { .channel(tenantID: tenantID, type: type) }

    public init(tenantID: Int64, type: ChannelType, isEnabled: Bool, isConfigured: Bool,
                templates: [String: Bool], configEncrypted: String?) {
        self.tenantID = tenantID
        self.type = type
        self.isEnabled = isEnabled
        self.isConfigured = isConfigured
        self.templates = templates
        self.configEncrypted = configEncrypted
    }
}

/// What the database holds, in the shapes the loader produces (locations are nil), plus what
/// the planner needs to know about the database itself.
public struct ActualState: Hashable, Sendable {
    public var tenants: [Tenant] = []
    public var routes: [Route] = []
    /// Passwords as stored, as `.literal` values: compared, never printed.
    public var sipAccounts: [SIPAccount] = []
    public var workflowBindings: [WorkflowBinding] = []
    public var channelConfigurations: [StoredChannelConfiguration] = []
    /// Rows switchboard manages.
    public var managed: Set<ManagedKey> = []
    /// What was recorded of managed rows at the last apply (protection, secret references); rows
    /// without any are absent.
    public var rowFacts: [ManagedKey: RowFacts] = [:]
    /// Workflow slugs the platform knows; nil when the database has no `workflows` table.
    public var knownWorkflows: Set<String>?
    /// Workflows whose definitions point at different accounts (or some at none): not one binding.
    public var mixedWorkflowBindings: Set<String> = []
    /// `tenant_routing` rows on channels switchboard does not manage (left alone, counted).
    public var unknownChannelRouteCount = 0
    /// When this is only a scope of the database (`PlanScope`): the whole database's row count of
    /// the kinds counted so far, which the delete guard judges a plan against (a scoped read
    /// counts the kinds it reads whole; the others when a plan deletes them).
    public var wholeCounts: [ResourceKind: Int]?
    /// Kinds whose `wholeCounts` is only a lower bound: the database holds at least that many rows,
    /// which is all the delete guard needed to know. Not recorded as the run's size.
    public var lowerBoundCounts: Set<ResourceKind> = []
    /// With `guard.window`: what the runs applied within it deleted (read from `switchboard_runs`).
    public var deletionHistory: DeletionHistory?

    public init() {}

    /// The counts known exactly (`rowCounts` without the lower bounds): what the audit row records.
    public var exactRowCounts: [ResourceKind: Int] { rowCounts.filter { !lowerBoundCounts.contains($0.key) } }

    /// How many rows of each kind the database holds (the whole database, even for a scoped read:
    /// there, only the kinds counted).
    public var rowCounts: [ResourceKind: Int] {
        wholeCounts ?? [
            .tenants: tenants.count, .sipAccounts: sipAccounts.count, .routes: routes.count,
            .channels: channelConfigurations.count,
            .workflowBindings: workflowBindings.count + mixedWorkflowBindings.count,
        ]
    }
}
