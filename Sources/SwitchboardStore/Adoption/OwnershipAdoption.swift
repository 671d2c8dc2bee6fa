import SwitchboardModel
import SwitchboardPlan

/// What `switchboard export` writes back: the exported rows become managed (`switchboard_managed`),
/// and tenants stored without a slug get the one their file now declares, so that planning the
/// exported files against the same database finds nothing to change.
public struct OwnershipAdoption {
    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    /// One transaction, under the reconciler's lock (a reconcile running meanwhile is serialised).
    /// Rows already managed keep their record.
    /// - Parameter facts: what the exported files say of the rows (their secret references), recorded
    ///   like an apply records them, so the first reconcile of the files has nothing to write.
    public func adopt(_ keys: [ManagedKey], slugs: [(tenantID: Int64, slug: String)], facts: [RowFactsUpdate],
                      revision: String?) throws {
        try connection.transaction {
            switch connection.dialect {
            case .postgres:
                try connection.run("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresApplier.lockKey)])
                try connection.run("""
                    INSERT INTO switchboard_managed (kind, key, revision)
                    SELECT d.kind, d.key, $3 FROM unnest($1::text[], $2::text[]) AS d(kind, key)
                    ON CONFLICT (kind, key) DO NOTHING
                    """, [.text(PostgresConnection.arrayLiteral(keys.map(\.kind.rawValue))),
                          .text(PostgresConnection.arrayLiteral(keys.map(\.key))), SQLValue(revision)])
                if !slugs.isEmpty {
                    try connection.run("""
                        UPDATE tenants t SET slug = d.slug, updated_at = now()
                        FROM unnest($1::bigint[], $2::text[]) AS d(id, slug) WHERE t.id = d.id
                        """, [.text(PostgresConnection.arrayLiteral(slugs.map(\.tenantID))),
                              .text(PostgresConnection.arrayLiteral(slugs.map(\.slug)))])
                }
                try PostgresApplier.recordFacts(facts, connection: connection as! PostgresConnection)
            case .sqlite:
                let sqlite = connection as! SQLiteConnection
                try sqlite.executeMany("INSERT OR IGNORE INTO switchboard_managed (kind, key, revision) VALUES (?1, ?2, ?3)",
                                       keys.map { [.text($0.kind.rawValue), .text($0.key), SQLValue(revision)] })
                try sqlite.executeMany("UPDATE tenants SET slug = ?2 WHERE id = ?1",
                                       slugs.map { [.integer($0.tenantID), .text($0.slug)] })
                try SQLiteApplier.recordFacts(facts, connection: sqlite)
            }
        }
    }
}
