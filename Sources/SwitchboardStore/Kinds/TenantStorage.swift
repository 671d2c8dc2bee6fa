import SwitchboardModel

/// `tenants (id, slug, name, is_active)`.
extension Tenant: StoredRow {
    static let storage = RowStorage.table(TableShape(
        name: "tenants",
        columns: [StoredColumn("id", .bigint), StoredColumn("slug", .text), StoredColumn("name", .text), StoredColumn("is_active", .boolean)],
        identityCount: 1))

    func columnValues(_ values: RowValues) -> [SQLValue] { [.integer(id), .text(slug), .text(name), .bool(isActive)] }

    var identityValues: [SQLValue] { [.integer(id)] }
}
