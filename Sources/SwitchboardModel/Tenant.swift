/// A tenant of the platform. Identity: `id`. Tenant 1 is the default tenant the web channel falls back to.
public struct Tenant: Hashable, Sendable, Codable {
    public static let defaultTenantID: Int64 = 1

    public var id: Int64
    public var slug: String
    public var name: String
    public var isActive: Bool
    /// Where the file declares it; nil for rows read from a database.
    public var location: SourceLocation?

    public init(id: Int64, slug: String, name: String, isActive: Bool = true, location: SourceLocation? = nil) {
        self.id = id
        self.slug = slug
        self.name = name
        self.isActive = isActive
        self.location = location
    }
}
