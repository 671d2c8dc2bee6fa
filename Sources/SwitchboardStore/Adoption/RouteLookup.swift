import SwitchboardModel

/// `switchboard resolve` against the database: the route of one (channel, key) and its tenant,
/// with two indexed queries (never the whole state).
public struct RouteLookup {
    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    /// The stored route, or nil.
    public func route(_ key: RouteKey) throws -> Route? {
        guard try connection.tableExists("tenant_routing") else { return nil }
        // A platform database switchboard never migrated may have no is_active yet: all routes are live.
        let activeColumn = try connection.columnExists("tenant_routing", "is_active") ? "is_active" : "TRUE"
        var route: Route?
        try connection.query("""
            SELECT tenant_id, \(activeColumn) FROM tenant_routing
            WHERE channel = \(connection.placeholder(1)) AND \(connection.routeKeyColumn) = \(connection.placeholder(2))
            """, [.text(key.channel.rawValue), .text(key.key)]) { row in
            route = Route(key: key, tenantID: row.integer(0) ?? 0, isActive: row.bool(1) ?? true)
        }
        return route
    }

    /// The tenant row, or nil when there is none (or no tenants table).
    public func tenant(id: Int64) throws -> Tenant? {
        guard try connection.tableExists("tenants") else { return nil }
        var tenant: Tenant?
        try connection.query("SELECT id, slug, name, is_active FROM tenants WHERE id = \(connection.placeholder(1))",
                             [.integer(id)]) { row in
            tenant = Tenant(id: id, slug: row.text(1) ?? "", name: row.text(2) ?? "", isActive: row.bool(3) ?? true)
        }
        return tenant
    }
}
