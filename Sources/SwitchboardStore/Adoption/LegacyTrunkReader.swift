import SwitchboardModel

/// The trunk of the platform's single-SIP days: `app_settings.sip_trunk_*` (multi-SIP document,
/// "Fallback AppSettings"). The platform still uses it when `sip_accounts` is empty, so adopting a
/// database must not lose it.
public struct LegacyTrunkReader {
    /// The label the platform's own migration script gives the account it makes from app_settings.
    public static let label = "Compte Principal (migré)"

    let connection: any DatabaseConnection

    public init(connection: any DatabaseConnection) { self.connection = connection }

    /// The legacy trunk as a default account, or nil when there is no `app_settings` trunk.
    public func read() throws -> SIPAccount? {
        guard try connection.tableExists("app_settings"), try connection.columnExists("app_settings", "sip_trunk_uri") else { return nil }
        // Older settings tables may lack some of the columns: those read as NULL.
        let columns = ["sip_trunk_username", "sip_trunk_password", "sip_contact_host", "sip_contact_port", "sip_contact_transport"]
        let selected = try columns.map { try connection.columnExists("app_settings", $0) ? $0 : "NULL" }
        var account: SIPAccount?
        try connection.query("""
            SELECT sip_trunk_uri, \(selected.joined(separator: ", ")) FROM app_settings
            WHERE sip_trunk_uri IS NOT NULL AND sip_trunk_uri <> '' LIMIT 1
            """, []) { row in
            account = SIPAccount(
                label: Self.label, trunkURI: row.text(0) ?? "", username: row.text(1).nonEmpty,
                password: row.text(2).nonEmpty.map { .literal($0) }, contactHost: row.text(3).nonEmpty,
                contactPort: row.integer(4).map { Int($0) },
                contactTransport: row.text(5).flatMap { SIPTransport(rawValue: $0.lowercased()) } ?? .udp,
                isDefault: true, isActive: true)
        }
        return account
    }
}

extension Optional where Wrapped == String {
    /// nil for NULL and for the empty string, which the platform's forms store for "not set".
    var nonEmpty: String? { self?.isEmpty == false ? self : nil }
}
