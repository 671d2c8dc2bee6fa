import SwitchboardModel

/// The rules `targets:` add to the files (DESIGN §9): a route key may be declared for two tenants
/// only when no target carries both (two regions' databases may each route the same test number);
/// a tenant no target selects reaches no database (a warning: it may be on its way in or out).
struct TargetRules {
    let targets: [Target]
    let contributions: [FileContribution]

    /// One error per route key routed to two tenants of one target (or declared twice by one tenant).
    /// - Parameter keys: the route keys declared more than once (few): only their routes are looked at.
    func routeConflicts(among keys: [RouteKey]) -> [Diagnostic] {
        guard !keys.isEmpty else { return [] }
        let wanted = Set(keys)
        var places: [RouteKey: [(tenant: Tenant?, location: SourceLocation)]] = [:]
        for contribution in contributions {
            let tenants = Dictionary(contribution.state.tenants.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for route in contribution.state.routes where wanted.contains(route.key) {
                places[route.key, default: []].append((tenants[route.tenantID], route.location!))
            }
        }
        var diagnostics: [Diagnostic] = []
        for (key, declared) in places {
            let sorted = declared.sorted { $0.location < $1.location }
            let ids = sorted.map { $0.tenant?.id }
            if Set(ids).count < ids.count {
                diagnostics.append(conflict(sorted.map(\.location), "route \(key) is declared \(sorted.count) times"))
                continue
            }
            for target in targets {
                let carried = sorted.filter { $0.tenant.map(target.tenants.selects) ?? false }
                guard carried.count > 1 else { continue }
                let names = carried.compactMap(\.tenant).map { "\($0.id) \($0.slug)" }.joined(separator: ", ")
                diagnostics.append(conflict(carried.map(\.location),
                                            "route \(key) is routed to \(carried.count) tenants in target \(target.name) (\(names))"))
                break
            }
        }
        return diagnostics
    }

    /// A warning at each tenant that no target selects.
    func tenantsWithoutTarget() -> [Diagnostic] {
        let names = targets.map(\.name).joined(separator: ", ")
        return contributions.flatMap(\.state.tenants).compactMap { tenant in
            guard !targets.contains(where: { $0.tenants.selects(tenant) }) else { return nil }
            let labels = tenant.labels.isEmpty ? "no labels" : "labels " + tenant.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return .warning(at: tenant.location!, "tenant \(tenant.id) \(tenant.slug) (\(labels)) is in no target (\(names)): no database gets its rows")
        }
    }

    /// An error at the second place, listing them all.
    private func conflict(_ places: [SourceLocation], _ message: String) -> Diagnostic {
        var list = places.prefix(CrossFileRules.placesPerConflict).map(\.description).joined(separator: ", ")
        if places.count > CrossFileRules.placesPerConflict {
            list += " and \(Count.grouped(places.count - CrossFileRules.placesPerConflict)) more places"
        }
        return .error(at: places[1], "\(message): \(list)")
    }
}
