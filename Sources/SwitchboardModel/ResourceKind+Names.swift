/// How messages and plans name each kind of row: one table, used by every renderer and message.
extension ResourceKind {
    /// In plan lines: `route`, `sip`.
    public var label: String {
        switch self {
        case .tenants: "tenant"
        case .sipAccounts: "sip"
        case .routes: "route"
        case .channels: "channel"
        case .workflowBindings: "workflow"
        }
    }

    /// As a heading: `Routes`, `SIP accounts`.
    public var title: String {
        switch self {
        case .tenants: "Tenants"
        case .sipAccounts: "SIP accounts"
        case .routes: "Routes"
        case .channels: "Channels"
        case .workflowBindings: "Workflow bindings"
        }
    }

    /// In sentences, plural: `routes`, `channel configurations`.
    public var noun: String {
        switch self {
        case .tenants: "tenants"
        case .sipAccounts: "SIP accounts"
        case .routes: "routes"
        case .channels: "channel configurations"
        case .workflowBindings: "workflow bindings"
        }
    }
}
