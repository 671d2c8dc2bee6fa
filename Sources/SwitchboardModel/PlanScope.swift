/// A part of the state to plan: the tenants and routes some files declared before or after a
/// change. The daemon plans only these after an edit (reading the whole database and planning
/// 100,000 routes to add one was most of the edit-to-commit time); SIP accounts and workflow
/// bindings, few, are always planned whole. The interval run plans everything.
public struct PlanScope: Hashable, Sendable {
    /// Tenants whose rows, and channel configurations, are in scope.
    public var tenantIDs: Set<Int64> = []
    public var routeKeys: Set<RouteKey> = []

    public init(tenantIDs: Set<Int64> = [], routeKeys: Set<RouteKey> = []) {
        self.tenantIDs = tenantIDs
        self.routeKeys = routeKeys
    }

    /// What a file's part of the desired state touches.
    public init(_ state: DesiredState) {
        tenantIDs = Set(state.tenants.map(\.id) + state.routes.map(\.tenantID) + state.channelConfigurations.map(\.tenantID))
        routeKeys = Set(state.routes.map(\.key))
    }

    public var count: Int { tenantIDs.count + routeKeys.count }

    public mutating func formUnion(_ other: PlanScope) {
        tenantIDs.formUnion(other.tenantIDs)
        routeKeys.formUnion(other.routeKeys)
    }

    /// The desired rows in scope (all SIP accounts and bindings).
    public func filter(_ state: DesiredState) -> DesiredState {
        DesiredState(
            tenants: state.tenants.filter { tenantIDs.contains($0.id) },
            routes: state.routes.filter { routeKeys.contains($0.key) },
            sipAccounts: state.sipAccounts,
            workflowBindings: state.workflowBindings,
            channelConfigurations: state.channelConfigurations.filter { tenantIDs.contains($0.tenantID) })
    }

    /// The ownership records rows in scope can have.
    public var managedKeys: [ManagedKey] {
        tenantIDs.flatMap { id in [ManagedKey.tenant(id)] + ChannelType.allCases.map { ManagedKey.channel(tenantID: id, type: $0) } }
            + routeKeys.map(ManagedKey.route)
    }
}
