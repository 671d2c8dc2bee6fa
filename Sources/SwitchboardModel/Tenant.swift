/// A tenant of the platform. Identity: `id`. Tenant 1 is the default tenant the web channel falls back to.
public struct Tenant: Hashable, Sendable, Codable {
    public static let defaultTenantID: Int64 = 1

    public var id: Int64
    public var slug: String
    public var name: String
    public var isActive: Bool
    /// `country: IT` (ISO 3166-1 alpha-2): how the tenant's national-format numbers are read. Files
    /// only: the platform has no column for it.
    public var country: String?
    /// `protect: true`: deleting or deactivating the tenant is refused without `--allow-protected`.
    public var isProtected = false
    /// `labels: {region: eu}`: what `targets:` in switchboard.yaml select tenants by (DESIGN §9).
    /// Files only: the platform has no column for it, and a plan never shows it.
    public var labels: [String: String] = [:]
    /// Where the file declares it; nil for rows read from a database.
    public var location: SourceLocation?

    public init(id: Int64, slug: String, name: String, isActive: Bool = true, country: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.country = country
        self.slug = slug
        self.name = name
        self.isActive = isActive
        self.location = location
    }

    // Labels are the files' routing of tenants to databases, not a row's value: saved plans stay
    // as they were.
    enum CodingKeys: String, CodingKey { case id, slug, name, isActive, country, isProtected, location }
}

extension Tenant: ManagedRow {
    public static var kind: ResourceKind { .tenants }
    public var managedKey: ManagedKey { .tenant(id) }
}
