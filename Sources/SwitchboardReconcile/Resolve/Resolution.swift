import SwitchboardModel

/// The answer of `switchboard resolve`, printed as a sentence or as JSON.
public struct Resolution: Encodable, Sendable {
    public enum Outcome: String, Encodable, Sendable {
        /// A live route to a live tenant.
        case routed
        /// `web` without a key: the default tenant 1.
        case defaultTenant
        /// The route or its tenant is inactive.
        case inactive
        /// No route: for `web`, the platform refuses the request (401).
        case unknown
    }

    public struct TenantAnswer: Encodable, Sendable {
        public var id: Int64
        /// nil when no tenant row (or tenant file) exists for the id.
        public var slug: String?
        public var name: String?
        public var active: Bool?

        init(id: Int64) { self.id = id }
        init(_ tenant: Tenant) { (id, slug, name, active) = (tenant.id, tenant.slug, tenant.name, tenant.isActive) }
    }

    public struct RouteAnswer: Encodable, Sendable {
        public var active: Bool
        /// `file:line:col` when answered from the files.
        public var declaredAt: String?

        init(active: Bool, location: SourceLocation?) {
            self.active = active
            self.declaredAt = location?.description
        }
    }

    public var channel: RouteChannel
    /// What was asked, before normalisation.
    public var input: String
    /// Normalised as the platform stores it.
    public var key: String
    /// For phone keys, how the input was read: `a national number of FR`, `a number of IT`.
    public var parsedAs: String?
    public var source: String
    public var outcome: Outcome = .unknown
    public var tenant: TenantAnswer?
    public var route: RouteAnswer?

    /// 0 routed (or the default tenant), 1 unknown, 2 found but inactive.
    public var exitCode: Int32 {
        switch outcome {
        case .routed, .defaultTenant: 0
        case .unknown: 1
        case .inactive: 2
        }
    }

    /// One or two lines for a person.
    public var text: String {
        let notes = (input == key ? [] : ["from '\(input)'"]) + (parsedAs.map { [$0] } ?? [])
        let asked = "\(channel.rawValue) \(display(key))" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
        switch outcome {
        case .unknown:
            return channel == .web
                ? "\(asked): unknown key; the platform refuses the request (401 Invalid or unknown X-Tenant-Key)"
                : "\(asked): no route"
        case .defaultTenant:
            return "\(channel.rawValue) without a key → \(tenantText) (the default tenant)\(inactiveText)"
        case .routed, .inactive:
            return "\(asked) → \(tenantText)\(inactiveText)" + (route?.declaredAt.map { "\n  declared at \($0)" } ?? "")
        }
    }

    private func display(_ key: String) -> String { key.isEmpty ? "''" : key }

    private var tenantText: String {
        guard let tenant else { return "?" }
        var text = "tenant \(tenant.id)"
        if let slug = tenant.slug, !slug.isEmpty { text += " \(slug)" }
        if let name = tenant.name, !name.isEmpty { text += " (\(name))" }
        if tenant.slug == nil { text += " (no tenant row)" }
        return text
    }

    private var inactiveText: String {
        var reasons: [String] = []
        if route?.active == false { reasons.append("the route is inactive") }
        if tenant?.active == false { reasons.append("the tenant is inactive") }
        return reasons.isEmpty ? "" : ": " + reasons.joined(separator: " and ") + "; the platform does not route it"
    }
}
