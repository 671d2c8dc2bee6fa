/// One place the files reference a secret: which row, which field, where, and the column it goes
/// to. Resolving, recording references and warning about unreadable ones all walk this one list.
public struct SecretUse: Sendable {
    public var row: ManagedKey
    /// `password`, `smtp.password`, `apiToken`.
    public var field: String
    public var reference: SecretReference
    public var location: SourceLocation?
    /// For messages: `password of SIP account 'Trunk A'`, `smtp.password of tenant 42 email`.
    /// Made when a message needs it, not for each of the 100,000 uses of every plan.
    public var what: String {
        row.kind == .sipAccounts ? "\(field) of SIP account '\(row.key)'"
            : "\(field) of tenant \(String(row.key.map { $0 == ":" ? " " : $0 }))"
    }
    /// The most characters its column takes (`sip_accounts.password` is VARCHAR(256)).
    public var maxLength: Int
    /// A trunk's password: a change of it reloads the SIP manager.
    public var isTrunk: Bool { row.kind == .sipAccounts }
}

extension DesiredState {
    public var secretUses: [SecretUse] {
        var uses: [SecretUse] = []
        for account in sipAccounts {
            if let password = account.password {
                uses.append(SecretUse(row: account.managedKey, field: "password", reference: password, location: account.location,
                                      maxLength: 256))
            }
        }
        for channel in channelConfigurations {
            for (field, reference) in channel.settings.secretReferences.sorted(by: { $0.key < $1.key }) {
                uses.append(SecretUse(row: channel.managedKey, field: field, reference: reference,
                                      location: channel.location, maxLength: TextRules.longestText))
            }
        }
        return uses
    }
}
