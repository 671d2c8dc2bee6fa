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

    /// How many rows the files declare, of every kind.
    public var rowCount: Int {
        tenants.count + routes.count + sipAccounts.count + workflowBindings.count + channelConfigurations.count
    }
}
