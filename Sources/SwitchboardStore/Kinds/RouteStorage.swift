import SwitchboardModel

/// `tenant_routing (channel, key, tenant_id, is_active)`: the platform's routing table.
extension Route: StoredRow {
    static let storage = RowStorage.table(TableShape(
        name: "tenant_routing",
        columns: [StoredColumn("channel", .text), StoredColumn("key", .text), StoredColumn("tenant_id", .bigint),
                  StoredColumn("is_active", .boolean)],
        identityCount: 2))

    func columnValues(_ values: RowValues) -> [SQLValue] {
        [.text(key.channel.rawValue), .text(key.key), .integer(tenantID), .bool(isActive)]
    }

    var identityValues: [SQLValue] { [.text(key.channel.rawValue), .text(key.key)] }
}
