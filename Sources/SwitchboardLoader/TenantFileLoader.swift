import SwitchboardModel

/// Turns one file's YAML tree into its part of the desired state (DESIGN §1).
/// Rules that span files (uniqueness, the one default account) live in `CrossFileRules`.
struct TenantFileLoader {
    static let topLevelKeys = ["tenant", "routes", "channels", "sipAccounts"]

    let options: LoadOptions
    let realPaths = RealPathCache()

    func load(_ root: YAMLNode, file: String) -> FileContribution {
        var reader = NodeReader(file: file, secrets: options.secrets, realPaths: realPaths)
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
        // National numbers of this file are read by the tenant's country, else the default region.
        var phones = PhoneContext(region: options.defaultRegion, isTenantCountry: false)
        if let tenantNode = fields["tenant"] {
            if let tenant = loadTenant(tenantNode, key: fields.key("tenant")!, file: file, reader: &reader) {
                tenantID = tenant.tenant.id
                if let country = tenant.tenant.country { phones = PhoneContext(region: country, isTenantCountry: true) }
                contribution.state.tenants.append(tenant.tenant)
                contribution.slugLocations[tenant.tenant.id] = tenant.slugLocation
            }
        }
        for section in ["routes", "channels"] {
            guard fields[section] != nil, fields["tenant"] == nil, let key = fields.key(section) else { continue }
            reader.error(key, "'\(section)' needs a 'tenant' in the same file (whose routes and channels are these?)")
        }
        if let tenantID, let routesNode = fields["routes"] {
            contribution.state.routes = loadRoutes(routesNode, tenantID: tenantID, phones: &phones, reader: &reader)
        }
        if let tenantID, let channelsNode = fields["channels"] {
            contribution.state.channelConfigurations = loadChannels(channelsNode, tenantID: tenantID, phones: &phones, reader: &reader)
        }
        if let accountsNode = fields["sipAccounts"] {
            loadSIPAccounts(accountsNode, into: &contribution, reader: &reader)
        }
        contribution.completedWithDefaultRegion = phones.completedWithDefaultRegion
    }

    /// A phone key (route, WhatsApp number) in E.164 by libphonenumber's rules, or nil after an
    /// error naming the field.
    func phoneNumber(_ node: YAMLNode, field: String, phones: inout PhoneContext, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        switch PhoneNumber.parse(text, region: phones.region) {
        case .success(let number):
            if let region = number.completedAs, !phones.isTenantCountry {
                phones.completedWithDefaultRegion.append(.init(location: reader.location(of: node), region: region))
            }
            return number.e164
        case .failure(let problem):
            reader.error(node, "\(field): \(problem)")
            return nil
        }
    }
}

/// How one file's national numbers are read, and which were completed with the default region (a
/// warning once the platform has tenants in other countries: `CrossFileRules`).
struct PhoneContext {
    struct Completion: Sendable {
        var location: SourceLocation
        var region: String
    }

    var region: String?
    /// The region is the tenant's own `country`, not switchboard.yaml's `defaultRegion`.
    var isTenantCountry: Bool
    var completedWithDefaultRegion: [Completion] = []
}
