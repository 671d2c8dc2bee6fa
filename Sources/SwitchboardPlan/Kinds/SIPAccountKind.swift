import SwitchboardModel

/// SIP accounts in a plan: `+ sip "Trunk Principal" sip:trunk.example.com`. The password is
/// compared but never shown.
extension SIPAccount: PlannedRow {
    public var planIdentity: String { label }

    public static func planSummary(of change: Change<SIPAccount>) -> String { change.row.trunkURI }

    public static var quotesIdentity: Bool { true }
}

extension FieldName {
    /// A rename in place (`renamedFrom`).
    static let label = FieldName("label")
    static let trunkUri = FieldName("trunkUri")
    static let username = FieldName("username")
    static let password = FieldName("password")
    static let contactHost = FieldName("contactHost")
    static let contactPort = FieldName("contactPort")
    static let contactTransport = FieldName("contactTransport")
    static let isDefault = FieldName("default")
}

extension PlanContext {
    var sipAccountDiffer: Differ<SIPAccount, String> {
        Differ(
            kind: .sipAccounts, identity: \.label, managedKey: ManagedKey.sipAccount,
            fields: { live, desired in
                var fields = FieldChanges()
                if let desired, live != nil, let from = renamedFrom[desired.label] {
                    fields.append(FieldChange(.label, before: .text(from), after: .text(desired.label)))
                }
                fields.compare(.trunkUri, live?.trunkURI, desired?.trunkURI)
                fields.compare(.username, live?.username, desired?.username)
                if let change = passwordChange(live: live, desired: desired) { fields.append(change) }
                fields.compare(.contactHost, live?.contactHost, desired?.contactHost)
                fields.compare(.contactPort, live?.contactPort, desired?.contactPort)
                fields.compare(.contactTransport, live?.contactTransport.rawValue, desired?.contactTransport.rawValue)
                fields.compare(.isDefault, live?.isDefault, desired?.isDefault)
                fields.compare(.active, live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\"\($0.label)\"" },
            redacted: { row in
                var row = row
                row.password = nil
                return row
            })
    }

    /// Compares the stored password with the resolved desired one, showing neither.
    private func passwordChange(live: SIPAccount?, desired: SIPAccount?) -> FieldChange? {
        let stored = live?.password.flatMap { secrets.value(of: $0) }
        let before: FieldValue = stored == nil ? .absent : .sensitive
        guard let reference = desired?.password else {
            return stored == nil ? nil : FieldChange(.password, before: before, after: .absent)
        }
        guard let wanted = secrets.value(of: reference) else {
            // Unresolvable on a dry run (CI): a new account shows it as unknown; an existing one
            // whose reference changed since the last apply too (a rotation must never hide); an
            // unchanged reference is counted in the summary, its value compared only at apply.
            guard let desired, stored != nil else { return FieldChange(.password, before: .absent, after: .unknown) }
            let recorded = actual.rowFacts[.sipAccount(desired.label)]?.secretReferences["password"]
            return recorded == reference.token ? nil : FieldChange(.password, before: .sensitive, after: .unknown)
        }
        return wanted == stored ? nil : FieldChange(.password, before: before, after: .sensitive)
    }

    /// The SIP accounts once the plan is applied, in the platform's order: the declared ones, then
    /// live ones no file declares and the plan keeps.
    var accountsAfterApply: [SIPAccount] {
        let declared = Set(desired.sipAccounts.map(\.label))
        return desired.sipAccounts + actual.sipAccounts.filter { !declared.contains($0.label) && !deletedAccountLabels.contains($0.label) }
    }
}
