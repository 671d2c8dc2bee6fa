import SwitchboardModel

extension TenantFileLoader {
    static let sipAccountFields = ["label", "trunkUri", "username", "password", "contact", "default", "active", "workflows", "renamedFrom", "protect"]
    static let contactFields = ["host", "port", "transport"]

    /// `sipAccounts: [{label, trunkUri, username, password, contact, default, active, workflows}]`,
    /// with the limits of the platform's `sip_accounts` columns and admin API.
    func loadSIPAccounts(_ node: YAMLNode, into contribution: inout FileContribution, reader: inout NodeReader) {
        guard let entries = reader.list(node, field: "sipAccounts") else { return }
        for entry in entries {
            guard let fields = reader.fields(entry, allowed: Self.sipAccountFields, context: "SIP account") else { continue }
            let errorsBefore = reader.errorCount
            let labelNode = reader.required(fields, "label", context: "SIP account")
            let label = labelNode.flatMap { reader.string($0, field: "label", maxLength: 128) }
            let trunkURI = reader.required(fields, "trunkUri", context: "SIP account").flatMap {
                checkedTrunkURI($0, reader: &reader)
            }
            let username = fields["username"].flatMap { reader.string($0, field: "username", maxLength: 128) }
            let password = fields["password"].flatMap { reader.secret($0, field: "password", maxLength: 256) }
            let isDefault = fields["default"].map { reader.bool($0, field: "default") } ?? false
            let isActive = fields["active"].map { reader.bool($0, field: "active") } ?? true
            let isProtected = fields["protect"].map { reader.bool($0, field: "protect") } ?? false
            let renamedFrom = fields["renamedFrom"].flatMap { reader.string($0, field: "renamedFrom", maxLength: 128) }
            if let renamedFrom, renamedFrom == label, let node = fields["renamedFrom"] {
                reader.error(node, "renamedFrom names the account's own label: write the label it had before")
            }
            var account = SIPAccount(label: label ?? "", trunkURI: trunkURI ?? "", username: username, password: password)
            if let contactNode = fields["contact"] {
                loadContact(contactNode, into: &account, reader: &reader)
            }
            var workflows: [(slug: String, node: YAMLNode)] = []
            if let workflowsNode = fields["workflows"] {
                for item in reader.list(workflowsNode, field: "workflows") ?? [] {
                    guard let slug = reader.string(item, field: "workflows") else { continue }
                    guard !slug.contains(where: \.isWhitespace) else {
                        reader.error(item, "workflow slug \(Excerpt.quoted(slug)) has whitespace in it")
                        continue
                    }
                    workflows.append((slug, item))
                }
            }
            guard reader.errorCount == errorsBefore, let label, let labelNode, let isDefault, let isActive, let isProtected else { continue }
            account.isProtected = isProtected
            account.isDefault = isDefault
            account.isActive = isActive
            account.renamedFrom = renamedFrom
            account.location = reader.location(of: labelNode)
            contribution.state.sipAccounts.append(account)
            if isDefault, let defaultNode = fields["default"] {
                contribution.defaultLocations[label] = reader.location(of: defaultNode)
            }
            for workflow in workflows {
                contribution.state.workflowBindings.append(WorkflowBinding(
                    workflowSlug: workflow.slug, accountLabel: label, location: reader.location(of: workflow.node)))
            }
        }
    }

    /// `sip:` or `sips:` followed by something (the platform's registration manager takes no other scheme).
    private func checkedTrunkURI(_ node: YAMLNode, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: "trunkUri") else { return nil }
        let lowered = text.lowercased()
        let scheme = ["sip:", "sips:"].first { lowered.hasPrefix($0) }
        guard let scheme, text.count > scheme.count, !text.contains(where: \.isWhitespace) else {
            reader.error(node, "trunkUri \(Excerpt.quoted(text)) must be a sip: or sips: URI (e.g. sip:user@provider.example)")
            return nil
        }
        return text
    }

    /// `contact: {host, port, transport}`; problems are recorded in `reader`.
    private func loadContact(_ node: YAMLNode, into account: inout SIPAccount, reader: inout NodeReader) {
        guard let fields = reader.fields(node, allowed: Self.contactFields, context: "contact") else { return }
        account.contactHost = fields["host"].flatMap { hostName($0, field: "contact.host", reader: &reader) }
        account.contactPort = fields["port"].flatMap { reader.integer($0, field: "contact.port", range: 1...65535) }.map(Int.init)
        if let transportNode = fields["transport"],
           let transport = reader.choice(transportNode, field: "contact.transport", as: SIPTransport.self) {
            account.contactTransport = transport
        }
    }
}
