import SwitchboardModel

/// `sip-accounts.yaml` as `switchboard export` writes it: the accounts sorted by label, each with
/// the workflows bound to it.
struct SIPAccountsFileWriter {
    var header: String
    var accounts: [SIPAccount]
    var bindings: [WorkflowBinding]

    /// - Parameter secretName: names the environment variable for an account's password and records its value.
    func text(secretName: (_ account: SIPAccount, _ value: String) -> String) -> String {
        var lines = [header, "sipAccounts:"]
        for account in accounts.sorted(by: { $0.label.precedesInByteOrder($1.label) }) {
            lines.append("  - label: \(YAMLScalar.string(account.label))")
            lines.append("    trunkUri: \(YAMLScalar.string(account.trunkURI))")
            if let username = account.username { lines.append("    username: \(YAMLScalar.string(username))") }
            if case .literal(let password)? = account.password {
                lines.append("    password: {env: \(secretName(account, password))}")
            }
            if account.contactHost != nil || account.contactPort != nil {
                var contact: [(String, String)] = []
                if let host = account.contactHost { contact.append(("host", YAMLScalar.string(host))) }
                if let port = account.contactPort { contact.append(("port", String(port))) }
                contact.append(("transport", account.contactTransport.rawValue))
                lines.append("    contact: \(YAMLScalar.flowMap(contact))")
            }
            if account.isDefault { lines.append("    default: true") }
            if !account.isActive { lines.append("    active: false") }
            let workflows = bindings.filter { $0.accountLabel == account.label }.map(\.workflowSlug).sorted()
            if !workflows.isEmpty { lines.append("    workflows: \(YAMLScalar.flowList(workflows.map(YAMLScalar.string)))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
