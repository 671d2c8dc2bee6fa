import SwitchboardModel

/// The WHERE clauses that read only a `PlanScope`: arrays bound as one parameter each (each driver
/// says how), never one statement or one spliced value per key.
struct ScopeFilter {
    let scope: PlanScope
    let connection: any DatabaseConnection
    /// The records the scope reads, for `holds`.
    let scopedKeys: Set<ManagedKey>

    init(scope: PlanScope, connection: any DatabaseConnection) {
        self.scope = scope
        self.connection = connection
        scopedKeys = Set(scope.managedKeys)
    }

    func tenants(column: String) -> (String, [SQLValue]) {
        connection.condition(column: column, in: scope.tenantIDs.sorted())
    }

    func routes() -> (String, [SQLValue]) {
        connection.condition(columns: "(channel, \(connection.routeKeyColumn))", in: scope.routeKeys.map { ($0.channel.rawValue, $0.key) })
    }

    /// Kinds planned whole: every SIP account and workflow binding is read.
    static let wholeKinds: Set<ResourceKind> = [.sipAccounts, .workflowBindings]

    /// The query of the records of rows in scope, and of every SIP account's and binding's
    /// (planned whole). Two selects, so that each uses the primary key: one `WHERE … OR …` read
    /// all 120,000 records of the large corpus, 25 ms of each daemon edit. From migration 4 on the
    /// records are buckets: the query reads the scope's buckets, and `holds` keeps its keys.
    func managed(columns: String, bucketed: Bool) -> (String, [SQLValue]) {
        let keys = Array(scopedKeys)
        let (condition, parameters) = bucketed
            ? connection.condition(columns: "(kind, CAST(bucket AS TEXT))", in: Set(keys.map(\.bucket)).map { ($0.kind.rawValue, String($0.number)) })
            : connection.condition(columns: "(kind, key)", in: keys.map { ($0.kind.rawValue, $0.key) })
        let whole = Self.wholeKinds.sorted().map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return ("SELECT \(columns) FROM switchboard_managed WHERE kind IN (\(whole)) UNION SELECT \(columns) FROM switchboard_managed\(condition)",
                parameters)
    }

    /// Whether a record read belongs to the scope.
    func holds(_ key: ManagedKey) -> Bool {
        Self.wholeKinds.contains(key.kind) || scopedKeys.contains(key)
    }
}
