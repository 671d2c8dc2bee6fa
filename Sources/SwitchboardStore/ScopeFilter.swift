import SwitchboardModel

/// The WHERE clauses that read only a `PlanScope`: arrays bound as one parameter each (each driver
/// says how), never one statement or one spliced value per key.
struct ScopeFilter {
    let scope: PlanScope
    let connection: any DatabaseConnection

    func tenants(column: String) -> (String, [SQLValue]) {
        connection.condition(column: column, in: scope.tenantIDs.sorted())
    }

    func routes() -> (String, [SQLValue]) {
        connection.condition(columns: "(channel, \(connection.routeKeyColumn))", in: scope.routeKeys.map { ($0.channel.rawValue, $0.key) })
    }

    /// The records of rows in scope, and every SIP account's and binding's (planned whole).
    func managed() -> (String, [SQLValue]) {
        let (condition, parameters) = connection.condition(columns: "(kind, key)", in: scope.managedKeys.map { ($0.kind.rawValue, $0.key) })
        return (" WHERE kind IN ('\(ResourceKind.sipAccounts.rawValue)', '\(ResourceKind.workflowBindings.rawValue)') OR"
                + condition.dropFirst(" WHERE".count), parameters)
    }
}
