import SwitchboardModel

/// Tenants in a plan: `+ tenant 42 acme "Acme Plomberie"`.
extension Tenant: PlannedRow {
    public var planIdentity: String { "\(id)" }

    public static func planSummary(of change: Change<Tenant>) -> String { "\(change.row.slug) \"\(change.row.name)\"" }
}

extension FieldName {
    static let slug = FieldName("slug")
    static let name = FieldName("name")
}

extension PlanContext {
    var tenantDiffer: Differ<Tenant, Int64> {
        Differ(
            kind: .tenants, identity: \.id, managedKey: ManagedKey.tenant,
            fields: { live, desired in
                var fields = FieldChanges()
                fields.compare(.slug, live?.slug, desired?.slug)
                fields.compare(.name, live?.name, desired?.name)
                fields.compare(.active, live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\($0.id) \($0.slug)" },
            isProtected: { $0.id == Tenant.defaultTenantID })
    }
}
