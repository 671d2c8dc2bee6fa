import SwitchboardModel

/// `sip_accounts`: the trunks. The password is resolved here, at the last moment, and goes nowhere
/// but the statement's parameters.
extension SIPAccount: StoredRow {
    static let storage = RowStorage.table(TableShape(
        name: "sip_accounts",
        columns: [StoredColumn("label", .text), StoredColumn("trunk_uri", .text), StoredColumn("username", .text),
                  StoredColumn("password", .text), StoredColumn("contact_host", .text), StoredColumn("contact_port", .integer),
                  StoredColumn("contact_transport", .text), StoredColumn("is_default", .boolean), StoredColumn("is_active", .boolean)],
        identityCount: 1))

    func columnValues(_ values: RowValues) -> [SQLValue] {
        [.text(label), .text(trunkURI), SQLValue(username), SQLValue(password.flatMap { values.secrets.value(of: $0) }),
         SQLValue(contactHost), SQLValue(contactPort), .text(contactTransport.rawValue), .bool(isDefault), .bool(isActive)]
    }

    var identityValues: [SQLValue] { [.text(label)] }
}
