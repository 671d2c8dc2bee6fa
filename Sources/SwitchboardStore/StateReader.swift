import Foundation
import SwitchboardModel
import SwitchboardPlan

/// Reads the actual state: one bulk query per table (never one per row), in the loader's shapes.
public struct StateReader {
    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    /// - Parameter scope: read only the rows of these tenants and routes (and every SIP account and
    ///   binding); nil reads everything. A scoped read counts only the kinds it reads whole (SIP
    ///   accounts, bindings): the rest are counted by `count(_:)` when a plan needs them.
    public func read(scope: PlanScope? = nil) throws -> ActualState {
        var state = ActualState()
        let filter = scope.map { ScopeFilter(scope: $0, connection: connection) }
        if filter != nil { state.wholeCounts = [:] }
        try readTenantsAndRoutes(into: &state, filter: filter)
        try readTheRest(into: &state, filter: filter, expectedRows: 0)
        return state
    }

    /// Everything, as `read()`, on two connections at once: the tenants and routes on this one,
    /// the rest on `other` (reading every row one table after the other was half of the daemon's
    /// run at each interval). `other` must be outside any transaction: it sees what is committed,
    /// as each statement of this one does (READ COMMITTED; SQLite's writer has written nothing
    /// yet), while the reconciler's lock keeps other runs from writing.
    /// - Parameter expectedRows: about how many rows are managed (the files' count), to size the set.
    public func read(alongside other: any DatabaseConnection, expectedRows: Int) throws -> ActualState {
        let side = SideRead(reader: StateReader(connection: other))
        let rest = BackgroundValue { try side.read(expectedRows: expectedRows) }
        defer { rest.finish() }
        var read = ActualState()
        try readTenantsAndRoutes(into: &read, filter: nil)
        var state = try rest.value()
        state.tenants = read.tenants
        state.routes = read.routes
        state.unknownChannelRouteCount = read.unknownChannelRouteCount
        return state
    }

    /// A reader handed to another thread, which alone uses its connection until it is done.
    private struct SideRead: @unchecked Sendable {
        let reader: StateReader

        func read(expectedRows: Int) throws -> ActualState {
            var state = ActualState()
            try reader.readTheRest(into: &state, filter: nil, expectedRows: expectedRows)
            return state
        }
    }

    private func readTenantsAndRoutes(into state: inout ActualState, filter: ScopeFilter?) throws {
        // Tables not created yet (a dry run before the first migrate) read as empty.
        if try connection.tableExists("tenants") {
            let (condition, parameters) = filter?.tenants(column: "id") ?? ("", [])
            try connection.query("SELECT id, slug, name, is_active FROM tenants\(condition)", parameters) { row in
                state.tenants.append(Tenant(id: row.integer(0) ?? 0, slug: row.text(1) ?? "", name: row.text(2) ?? "",
                                            isActive: row.bool(3) ?? true))
            }
        }
        if try connection.tableExists("tenant_routing") { try readRoutes(into: &state, filter: filter) }
    }

    /// SIP accounts and bindings, channels, and ownership.
    /// - Parameter expectedRows: how many managed keys to make room for, at least.
    private func readTheRest(into state: inout ActualState, filter: ScopeFilter?, expectedRows: Int) throws {
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
            let (condition, parameters) = filter?.tenants(column: "tenant_id") ?? ("", [])
            // Tenants share a few sets of templates: each text is parsed once (100,000 channels
            // parsed 0.2 s of JSON), up to `distinctTemplates` texts of at most `templatesKept` bytes.
            var parsed: [String: [String: Bool]] = [:]
            try connection.query("""
                SELECT tenant_id, channel_type, enabled, configured, config_encrypted, CAST(templates AS TEXT)
                FROM channel_configurations\(condition)
                """, parameters) { row in
                guard let type = row.text(1).flatMap(ChannelType.init(rawValue:)) else { return }
                let text = row.text(5)
                var templates = text.flatMap { parsed[$0] }
                if templates == nil {
                    templates = Self.templates(fromJSON: text)
                    if let text, parsed.count < Self.distinctTemplates, text.utf8.count <= Self.templatesKept {
                        parsed[text] = templates
                    }
                }
                state.channelConfigurations.append(StoredChannelConfiguration(
                    tenantID: row.integer(0) ?? 0, type: type, isEnabled: row.bool(2) ?? false,
                    isConfigured: row.bool(3) ?? false, templates: templates ?? [:],
                    configEncrypted: row.text(4)))
            }
        }
        if try connection.tableExists("switchboard_ownership") {
            try readOwnership(into: &state, filter: filter, expectedRows: expectedRows)
        } else if try connection.tableExists("switchboard_managed") {
            try readRecords(into: &state, filter: filter)
        }
    }

    /// Ownership from migration 4 on: the keys of the buckets, and the facts of the few rows with
    /// some, read from their tables (the view joining them leaves the plan to statistics a bulk
    /// load has not gathered yet: 14 ms of each daemon edit).
    private func readOwnership(into state: inout ActualState, filter: ScopeFilter?, expectedRows: Int) throws {
        let whole = filter.map { _ in ScopeFilter.wholeKinds.sorted() } ?? []
        // Room for one record per row read, the usual count: a million keys otherwise rehash the
        // set twenty times.
        state.managed.reserveCapacity(max(expectedRows, state.tenants.count + state.routes.count + state.sipAccounts.count
                                          + state.channelConfigurations.count + state.workflowBindings.count))
        try connection.forEachOwnedKey(inBuckets: filter?.buckets, wholeKinds: whole) { key in
            // A bucket holds the keys of rows out of the scope too.
            if filter?.holds(key) ?? true { state.managed.insert(key) }
        }
        try connection.forEachRowFacts(of: filter.map { Array($0.scopedKeys) }, wholeKinds: whole) { key, facts in
            if facts != .none, state.managed.contains(key) { state.rowFacts[key] = facts }
        }
    }

    /// Ownership before migration 4 (a dry run may come before it): one row per managed row, with
    /// its facts from migration 3 on.
    private func readRecords(into state: inout ActualState, filter: ScopeFilter?) throws {
        let hasFacts = try connection.columnExists("switchboard_managed", "secret_refs")
        let columns = hasFacts ? "kind, key, protected, secret_refs" : "kind, key"
        let (query, parameters) = filter?.managed(columns: columns) ?? ("SELECT \(columns) FROM switchboard_managed", [])
        try connection.query(query, parameters) { row in
            guard let managed = row.managedKey() else { return }
            state.managed.insert(managed)
            guard hasFacts else { return }
            let facts = RowFacts(row: row)
            if facts != .none { state.rowFacts[managed] = facts }
        }
    }

    private func readRoutes(into state: inout ActualState, filter: ScopeFilter?) throws {
        let keyColumn = connection.routeKeyColumn
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

    /// The whole database's row count of these kinds (tenants, routes, channels; a scoped read
    /// has the others), each up to its limit when it has one (nil: exact): `LIMIT 10` reads ten
    /// rows where counting 100,000 routes took 12 ms of each daemon edit that deletes one.
    public func count(_ limits: [ResourceKind: Int?]) throws -> [ResourceKind: Int] {
        var counts: [ResourceKind: Int] = [:]
        let tables: [(ResourceKind, String, String)] = [
            (.tenants, "tenants", "FROM tenants"),
            (.routes, "tenant_routing", "FROM tenant_routing WHERE channel IN ('vocal', 'whatsapp', 'web')"),
            (.channels, "channel_configurations", "FROM channel_configurations"),
        ]
        for (kind, table, from) in tables {
            guard let limit = limits[kind] else { continue }
            guard try connection.tableExists(table) else {
                counts[kind] = 0
                continue
            }
            let sql = limit.map { "SELECT count(*) FROM (SELECT 1 \(from) LIMIT \($0)) AS bounded" } ?? "SELECT count(*) \(from)"
            counts[kind] = Int(try connection.scalar(sql) ?? "0") ?? 0
        }
        return counts
    }

    /// The most template texts `read` keeps parsed, and the longest it keeps: a table of odd rows
    /// holds no more than 1 MB of them.
    static let distinctTemplates = 256
    static let templatesKept = 4_096

    static func templates(fromJSON text: String?) -> [String: Bool] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? Bool }
    }
}
