import SwitchboardModel

/// The WHERE clauses that read only a `PlanScope`: arrays bound as one parameter each (PostgreSQL
/// `unnest`/`ANY`, SQLite `json_each`), never one statement or one spliced value per key.
struct ScopeFilter {
    let scope: PlanScope
    let dialect: SQLDialect

    func tenants(column: String) -> (String, [SQLValue]) {
        let ids = scope.tenantIDs.sorted()
        switch dialect {
        case .postgres: return (" WHERE \(column) = ANY($1::bigint[])", [.text(PostgresConnection.arrayLiteral(ids))])
        case .sqlite: return (" WHERE \(column) IN (SELECT value FROM json_each(?1))", [.text("[" + ids.map(String.init).joined(separator: ",") + "]")])
        }
    }

    func routes(keyColumn: String) -> (String, [SQLValue]) {
        pairs("(channel, \(keyColumn))", scope.routeKeys.map { ($0.channel.rawValue, $0.key) })
    }

    /// The records of rows in scope, and every SIP account's and binding's (planned whole).
    func managed() -> (String, [SQLValue]) {
        let (condition, parameters) = pairs("(kind, key)", scope.managedKeys.map { ($0.kind.rawValue, $0.key) })
        return (" WHERE kind IN ('\(ResourceKind.sipAccounts.rawValue)', '\(ResourceKind.workflowBindings.rawValue)') OR"
                + condition.dropFirst(" WHERE".count), parameters)
    }

    private func pairs(_ columns: String, _ pairs: [(String, String)]) -> (String, [SQLValue]) {
        switch dialect {
        case .postgres:
            return (" WHERE \(columns) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
                    [.text(PostgresConnection.arrayLiteral(pairs.map(\.0))), .text(PostgresConnection.arrayLiteral(pairs.map(\.1)))])
        case .sqlite:
            let json = "[" + pairs.map { "[\(JSONText.string($0.0)),\(JSONText.string($0.1))]" }.joined(separator: ",") + "]"
            return (" WHERE \(columns) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))",
                    [.text(json)])
        }
    }
}
