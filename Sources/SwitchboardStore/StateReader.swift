import Foundation
import SwitchboardModel

/// Reads the actual state: one bulk query per table (never one per row), in the loader's shapes.
public struct StateReader {
    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    /// - Parameter scope: read only the rows of these tenants and routes (and every SIP account and
    ///   binding), with the whole database's counts for the delete guard; nil reads everything.
    public func read(scope: PlanScope? = nil) throws -> ActualState {
        var state = ActualState()
        let filter = scope.map { ScopeFilter(scope: $0, connection: connection) }
        if filter != nil { state.wholeCounts = [:] }
        // Tables not created yet (a dry run before the first migrate) read as empty.
        if try connection.tableExists("tenants") {
            if filter != nil { state.wholeCounts?[.tenants] = try count("FROM tenants") }
            let (condition, parameters) = filter?.tenants(column: "id") ?? ("", [])
            try connection.query("SELECT id, slug, name, is_active FROM tenants\(condition)", parameters) { row in
                state.tenants.append(Tenant(id: row.integer(0) ?? 0, slug: row.text(1) ?? "", name: row.text(2) ?? "",
                                            isActive: row.bool(3) ?? true))
            }
        }
        if try connection.tableExists("tenant_routing") { try readRoutes(into: &state, filter: filter) }
        if try connection.tableExists("sip_accounts") {
            try connection.query("""
                SELECT label, trunk_uri, username, password, contact_host, contact_port, contact_transport, is_default, is_active
                FROM sip_accounts
                """, []) { row in
                state.sipAccounts.append(SIPAccount(
                    label: row.text(0) ?? "", trunkURI: row.text(1) ?? "", username: row.text(2),
                    password: row.text(3).map { .literal($0) }, contactHost: row.text(4),
                    contactPort: row.integer(5).map { Int($0) },
                    contactTransport: row.text(6).flatMap { SIPTransport(rawValue: $0.lowercased()) } ?? .udp,
                    isDefault: row.bool(7) ?? false, isActive: row.bool(8) ?? true))
            }
            try readWorkflowBindings(into: &state)
            state.wholeCounts?[.sipAccounts] = state.sipAccounts.count
            state.wholeCounts?[.workflowBindings] = state.workflowBindings.count + state.mixedWorkflowBindings.count
        }
        if try connection.tableExists("channel_configurations") {
            if filter != nil { state.wholeCounts?[.channels] = try count("FROM channel_configurations") }
            let (condition, parameters) = filter?.tenants(column: "tenant_id") ?? ("", [])
            try connection.query("""
                SELECT tenant_id, channel_type, enabled, configured, config_encrypted, CAST(templates AS TEXT)
                FROM channel_configurations\(condition)
                """, parameters) { row in
                guard let type = row.text(1).flatMap(ChannelType.init(rawValue:)) else { return }
                state.channelConfigurations.append(StoredChannelConfiguration(
                    tenantID: row.integer(0) ?? 0, type: type, isEnabled: row.bool(2) ?? false,
                    isConfigured: row.bool(3) ?? false, templates: Self.templates(fromJSON: row.text(5)),
                    configEncrypted: row.text(4)))
            }
        }
        if try connection.tableExists("switchboard_managed") {
            // A table of one row per record up to migration 3, a view of the buckets from 4 on (a
            // dry run may come before either); row facts exist from migration 3 on.
            let hasFacts = try connection.columnExists("switchboard_managed", "secret_refs")
            let bucketed = try connection.columnExists("switchboard_managed", "bucket")
            let columns = hasFacts ? "kind, key, protected, secret_refs" : "kind, key"
            let (query, parameters) = filter?.managed(columns: columns, bucketed: bucketed) ?? ("SELECT \(columns) FROM switchboard_managed", [])
            try connection.query(query, parameters) { row in
                guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let key = row.text(1) else { return }
                let managed = ManagedKey(kind: kind, key: key)
                // A bucket holds the keys of rows out of the scope too.
                if let filter, !filter.holds(managed) { return }
                state.managed.insert(managed)
                guard hasFacts else { return }
                let facts = RowFacts(isProtected: row.bool(2) ?? false, secretReferences: RowFactsCoding.references(fromJSON: row.text(3)))
                if facts != .none { state.rowFacts[managed] = facts }
            }
        }
        return state
    }

    private func readRoutes(into state: inout ActualState, filter: ScopeFilter?) throws {
        let keyColumn = connection.routeKeyColumn
        if filter != nil {
            state.wholeCounts?[.routes] = try count("FROM tenant_routing WHERE channel IN ('vocal', 'whatsapp', 'web')")
        }
        let (condition, parameters) = filter?.routes() ?? ("", [])
        try connection.query("SELECT channel, \(keyColumn), tenant_id, is_active FROM tenant_routing\(condition)", parameters) { row in
            guard let channel = row.text(0).flatMap(RouteChannel.init(rawValue:)), let key = row.text(1) else {
                state.unknownChannelRouteCount += 1
                return
            }
            state.routes.append(Route(key: RouteKey(channel: channel, key: key), tenantID: row.integer(2) ?? 0,
                                      isActive: row.bool(3) ?? true))
        }
    }

    /// Bindings exist only where the platform has `workflows` and `workflow_definitions`.
    private func readWorkflowBindings(into state: inout ActualState) throws {
        guard try connection.tableExists("workflows"), try connection.tableExists("workflow_definitions") else { return }
        var known: Set<String> = []
        try connection.query("SELECT slug FROM workflows", []) { row in
            if let slug = row.text(0) { known.insert(slug) }
        }
        state.knownWorkflows = known
        guard try connection.columnExists("workflow_definitions", "sip_account_id") else { return }
        var labels: [String: Set<String?>] = [:]
        var order: [String] = []
        try connection.query("""
            SELECT w.slug, sa.label FROM workflows w
            JOIN workflow_definitions wd ON wd.workflow_id = w.id
            LEFT JOIN sip_accounts sa ON sa.id = wd.sip_account_id
            """, []) { row in
            guard let slug = row.text(0) else { return }
            if labels[slug] == nil { order.append(slug) }
            labels[slug, default: []].insert(row.text(1))
        }
        for slug in order {
            let accountLabels = labels[slug]!
            if accountLabels.count == 1, let label = accountLabels.first!, !label.isEmpty {
                state.workflowBindings.append(WorkflowBinding(workflowSlug: slug, accountLabel: label))
            } else if accountLabels.count > 1 {
                state.mixedWorkflowBindings.insert(slug)
            }
        }
    }

    private func count(_ from: String) throws -> Int {
        Int(try connection.scalar("SELECT count(*) \(from)") ?? "0") ?? 0
    }

    static func templates(fromJSON text: String?) -> [String: Bool] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? Bool }
    }
}
