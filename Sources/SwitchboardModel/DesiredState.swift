/// Everything the files declare, each item with its source location. Produced by the loader,
/// compared by the planner against the database's actual state.
public struct DesiredState: Hashable, Sendable {
    public var tenants: [Tenant]
    public var routes: [Route]
    public var sipAccounts: [SIPAccount]
    public var workflowBindings: [WorkflowBinding]
    public var channelConfigurations: [ChannelConfiguration]

    public init(
        tenants: [Tenant] = [], routes: [Route] = [], sipAccounts: [SIPAccount] = [],
        workflowBindings: [WorkflowBinding] = [], channelConfigurations: [ChannelConfiguration] = []
    ) {
        self.tenants = tenants
        self.routes = routes
        self.sipAccounts = sipAccounts
        self.workflowBindings = workflowBindings
        self.channelConfigurations = channelConfigurations
    }

    /// Every part's rows, in order, each list allocated once (a million routes from 100,000 files).
    public init<Parts: Collection<DesiredState>>(merging parts: Parts) {
        self.init()
        tenants.reserveCapacity(parts.reduce(0) { $0 + $1.tenants.count })
        routes.reserveCapacity(parts.reduce(0) { $0 + $1.routes.count })
        channelConfigurations.reserveCapacity(parts.reduce(0) { $0 + $1.channelConfigurations.count })
        for part in parts { merge(part) }
    }

    /// Appends another part (one file's contribution) to this state.
    public mutating func merge(_ other: DesiredState) {
        tenants += other.tenants
        routes += other.routes
        sipAccounts += other.sipAccounts
        workflowBindings += other.workflowBindings
        channelConfigurations += other.channelConfigurations
    }
}
