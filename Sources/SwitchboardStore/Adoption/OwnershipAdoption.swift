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
        try connection.adopt(keys, slugs: slugs, facts: facts, revision: revision)
    }
}
