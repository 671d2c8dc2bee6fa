import SwitchboardModel

/// `switchboard key rotate`: every stored channel setting decrypted with the keyring and encrypted
/// again with its current key, in one transaction. A row no key opens stops it: nothing changes.
public enum SettingsReencryption {
    /// - Returns: how many rows were encrypted again (those already on the current key are left).
    public static func reencrypt(_ connection: any DatabaseConnection, keyring: EncryptionKeyring) throws -> Int {
        guard let current = keyring.current else { throw DatabaseError("no current key to encrypt with") }
        guard try connection.tableExists("channel_configurations") else { return 0 }
        return try connection.transaction {
            var stored: [(tenant: Int64, channel: String, value: String)] = []
            try connection.query("SELECT tenant_id, channel_type, config_encrypted FROM channel_configurations WHERE config_encrypted IS NOT NULL",
                                 []) { row in
                if let tenant = row.integer(0), let channel = row.text(1), let value = row.text(2) { stored.append((tenant, channel, value)) }
            }
            var count = 0
            let update = "UPDATE channel_configurations SET config_encrypted = \(connection.placeholder(1)) WHERE tenant_id = \(connection.placeholder(2)) AND channel_type = \(connection.placeholder(3))"
            for row in stored where SettingsCipher.keyID(of: row.value) != current.id {
                switch SettingsCipher.decrypt(row.value, keyring: keyring) {
                case .decrypted(let values, _):
                    let encrypted = try SettingsCipher.encrypt(values, with: current)
                    try connection.query(update, [.text(encrypted), .integer(row.tenant), .text(row.channel)]) { _ in }
                    count += 1
                case .unreadable(let reason), .locked(let reason):
                    throw DatabaseError("tenant \(row.tenant) \(row.channel): its settings cannot be read (\(reason)); nothing rotated")
                case .none:
                    continue
                }
            }
            return count
        }
    }
}
