import SwitchboardModel

/// The WHERE clauses that read only a `PlanScope`: arrays bound as one parameter each (each driver
/// says how), never one statement or one spliced value per key.
struct ScopeFilter {
    let scope: PlanScope
    let connection: any DatabaseConnection
    /// The records the scope reads, for `holds`.
    let scopedKeys: Set<ManagedKey>
    /// Kinds planned whole: every SIP account and workflow binding is read.
    static let wholeKinds: Set<ResourceKind> = [.sipAccounts, .workflowBindings]

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

    /// The buckets of `switchboard_ownership` that hold the scope's records (migration 4 on).
    var buckets: [OwnershipBucket] { Set(scopedKeys.map(\.bucket)).sorted() }

    /// Whether a record read belongs to the scope (a bucket holds other rows' records too).
    func holds(_ key: ManagedKey) -> Bool {
        Self.wholeKinds.contains(key.kind) || scopedKeys.contains(key)
    }

    /// Before migration 4: the query of the records of rows in scope, and of every SIP account's
    /// and binding's (planned whole). Two selects, so that each uses the primary key.
    func managed(columns: String) -> (String, [SQLValue]) {
        let (condition, parameters) = connection.condition(columns: "(kind, key)", in: scopedKeys.map { ($0.kind.rawValue, $0.key) })
        let whole = Self.wholeKinds.sorted().map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return ("SELECT \(columns) FROM switchboard_managed WHERE kind IN (\(whole)) UNION SELECT \(columns) FROM switchboard_managed\(condition)",
                parameters)
    }
}
