import SwitchboardModel

extension TenantFileLoader {
    static let tenantFields = ["id", "slug", "name", "active", "country", "protect", "labels"]

    /// `tenant: {id, slug, name, active}`. The slug defaults to the file name without extension.
    func loadTenant(_ node: YAMLNode, key: YAMLNode, file: String, reader: inout NodeReader)
        -> (tenant: Tenant, slugLocation: SourceLocation)?
    {
        guard let fields = reader.fields(node, allowed: Self.tenantFields, context: "tenant") else { return nil }
        let idNode = reader.required(fields, "id", context: "tenant")
        let id = idNode.flatMap {
            reader.integer($0, field: "id", range: 1...Int64.max, rule: "an integer >= 1; 1 is the default tenant")
        }
        let nameNode = reader.required(fields, "name", context: "tenant")
        let name = nameNode.flatMap { reader.string($0, field: "name") }
        let isActive = fields["active"].map { reader.bool($0, field: "active") } ?? true
        let country = fields["country"].map { reader.region($0, field: "country") }
        let isProtected = fields["protect"].map { reader.bool($0, field: "protect") } ?? false
        let labels = fields["labels"].map { Self.labels($0, reader: &reader) } ?? [:]

        let slug: String?
        let slugLocation: SourceLocation
        if let slugNode = fields["slug"] {
            slugLocation = reader.location(of: slugNode)
            slug = reader.string(slugNode, field: "slug").flatMap { text in
                guard Self.isSlug(text) else {
                    reader.error(slugNode, "slug \(Excerpt.quoted(text)) must be lowercase letters, digits, '-' or '_' (at most 64, starting with a letter or digit)")
                    return nil
                }
                return text
            }
        } else {
            slugLocation = reader.location(of: key)
            let fromName = Self.fileStem(file)
            if Self.isSlug(fromName) {
                slug = fromName
            } else {
                reader.error(key, "the file name \(Excerpt.quoted(fromName)) is not a valid slug (lowercase letters, digits, '-' or '_'): set tenant.slug")
                slug = nil
            }
        }
        guard let id, let name, let slug, let isActive, let idNode, country != .some(nil), let isProtected, let labels
        else { return nil }
        var tenant = Tenant(id: id, slug: slug, name: name, isActive: isActive, country: country ?? nil,
                            location: reader.location(of: idNode))
        tenant.isProtected = isProtected
        tenant.labels = labels
        return (tenant, slugLocation)
    }

    /// `labels: {region: eu, stage: prod}`: what `targets:` select tenants by (at most 32).
    static func labels(_ node: YAMLNode, reader: inout NodeReader) -> [String: String]? {
        guard case .mapping(let pairs) = node.content else {
            reader.error(node, "tenant.labels must be a mapping like {region: eu}, found \(node.kindDescription)")
            return nil
        }
        guard pairs.count <= 32 else {
            reader.error(node, "tenant.labels has \(pairs.count) labels (at most 32)")
            return nil
        }
        var labels: [String: String] = [:]
        var valid = true
        for pair in pairs {
            guard let key = pair.key.scalarText, TenantLabel.isKey(key) else {
                reader.error(pair.key, "label name \(Excerpt.quoted(pair.key.scalarText ?? "")) must be \(TenantLabel.rule) ('/' allowed)")
                valid = false
                continue
            }
            guard labels[key] == nil else {
                reader.error(pair.key, "label \(Excerpt.quoted(key)) is written twice")
                valid = false
                continue
            }
            guard let value = pair.value.scalarText, !pair.value.isNull, TenantLabel.isValue(value) else {
                reader.error(pair.value, "label \(key) must be \(TenantLabel.rule), found \(reader.describe(pair.value))")
                valid = false
                continue
            }
            labels[key] = value
        }
        return valid ? labels : nil
    }

    static func isSlug(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        return isAlphanumeric(bytes[0])
            && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// `tenants.d/eu/acme.yaml` → `acme`.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
