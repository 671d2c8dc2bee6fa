import SwitchboardModel

/// Turns one file's YAML tree into its part of the desired state (DESIGN §1).
/// Rules that span files (uniqueness, the one default account) live in `CrossFileRules`.
struct TenantFileLoader {
    static let topLevelKeys = ["tenant", "routes", "channels", "sipAccounts"]

    let options: LoadOptions

    /// Digits of the country code completing national numbers, from switchboard.yaml.
    var defaultCountryCode: String? { options.defaultCountryCode }

    func load(_ root: YAMLNode, file: String) -> FileContribution {
        var reader = NodeReader(file: file, secrets: options.secrets)
        var contribution = FileContribution()
        loadSections(root, file: file, into: &contribution, reader: &reader)
        contribution.diagnostics = reader.diagnostics
        return contribution
    }

    private func loadSections(_ root: YAMLNode, file: String, into contribution: inout FileContribution, reader: inout NodeReader) {
        // Something else named *.yaml (a key file, a CI file, a password file behind a symlink):
        // one error, quoting none of it.
        guard case .mapping(let pairs) = root.content,
              pairs.contains(where: { Self.topLevelKeys.contains($0.key.scalarText ?? "") })
        else {
            reader.error(root, "not a tenant file: expected a mapping with some of \(Self.topLevelKeys.joined(separator: ", ")), found \(root.kindDescription)\(root.isMapping ? " without any of them" : "")")
            return
        }
        guard let fields = reader.fields(
            root, allowed: Self.topLevelKeys,
            context: NodeReader.topLevel)
        else { return }

        var tenantID: Int64?
        if let tenantNode = fields["tenant"] {
            if let tenant = loadTenant(tenantNode, key: fields.key("tenant")!, file: file, reader: &reader) {
                tenantID = tenant.tenant.id
                contribution.state.tenants.append(tenant.tenant)
                contribution.slugLocations[tenant.tenant.id] = tenant.slugLocation
            }
        }
        for section in ["routes", "channels"] {
            guard fields[section] != nil, fields["tenant"] == nil, let key = fields.key(section) else { continue }
            reader.error(key, "'\(section)' needs a 'tenant' in the same file (whose routes and channels are these?)")
        }
        if let tenantID, let routesNode = fields["routes"] {
            contribution.state.routes = loadRoutes(routesNode, tenantID: tenantID, reader: &reader)
        }
        if let tenantID, let channelsNode = fields["channels"] {
            contribution.state.channelConfigurations = loadChannels(channelsNode, tenantID: tenantID, reader: &reader)
        }
        if let accountsNode = fields["sipAccounts"] {
            loadSIPAccounts(accountsNode, into: &contribution, reader: &reader)
        }
    }

    /// A phone key (route, WhatsApp number) in E.164, or nil after an error naming the field.
    func phoneNumber(_ node: YAMLNode, field: String, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        switch PhoneNumber.normalise(text, defaultCountryCode: defaultCountryCode) {
        case .success(let number): return number
        case .failure(let problem):
            reader.error(node, "\(field): \(problem)")
            return nil
        }
    }
}
