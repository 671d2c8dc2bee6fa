import SwitchboardModel

/// Routes in a plan: `+ route whatsapp +33939240575 tenant 42 acme`.
extension Route: PlannedRow {
    public var planIdentity: String { key.description }

    /// The tenant it leads to (created) or led to (deleted), as the `tenant` field shows it.
    public static func planSummary(of change: Change<Route>) -> String {
        guard let field = change.fields.first(where: { $0.name == .tenant }) else { return "" }
        let tenant = change.action == .delete ? field.before.description : field.after.description
        return tenant.isEmpty ? "" : "tenant \(tenant)"
    }
}

extension FieldName {
    /// The tenant a route leads to, as `42 acme`.
    static let tenant = FieldName("tenant")
}

extension PlanContext {
    var routeDiffer: Differ<Route, RouteKey> {
        Differ(
            kind: .routes, identity: \.key, managedKey: ManagedKey.route,
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare(.tenant, live?.tenantID, desired?.tenantID, format: tenantLabel)
                fields.compare(.active, live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\($0.key) (tenant \(tenantLabel($0.tenantID)))" })
    }
}
