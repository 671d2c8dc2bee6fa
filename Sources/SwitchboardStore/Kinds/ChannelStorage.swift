import SwitchboardModel

/// `channel_configurations`: settings are stored encrypted (`config_encrypted`), templates as JSON.
extension ChannelConfiguration: StoredRow {
    static let storage = RowStorage.table(TableShape(
        name: "channel_configurations",
        columns: [StoredColumn("tenant_id", .bigint), StoredColumn("channel_type", .text), StoredColumn("enabled", .boolean),
                  StoredColumn("configured", .boolean), StoredColumn("templates", .json), StoredColumn("config_encrypted", .text)],
        identityCount: 2, newRowUUID: "id"))

    func columnValues(_ values: RowValues) throws -> [SQLValue] {
        [.integer(tenantID), .text(type.rawValue), .bool(isEnabled), .bool(isConfigured),
         .text(RowValues.json(templates)), SQLValue(try values.encryptedSettings(self))]
    }

    var identityValues: [SQLValue] { [.integer(tenantID), .text(type.rawValue)] }

    /// Each one's settings are encrypted: 4 µs a channel.
    static var valuesAreCostly: Bool { true }
}
