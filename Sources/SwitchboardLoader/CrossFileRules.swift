import SwitchboardModel

/// Rules that span files: uniqueness of identities (DESIGN §1), the single active default SIP
/// account, and a workflow bound to one account at most. A conflict names every place involved.
enum CrossFileRules {
    /// The most places one conflict lists; the rest are counted.
    static let placesPerConflict = 10

    static func check(_ contributions: [FileContribution]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let tenants = contributions.flatMap(\.state.tenants)
        diagnostics += conflicts(tenants.map { ($0.id, $0.location!) }) { "tenant id \($0) is declared \($1) times" }
        let slugs = contributions.flatMap { contribution in
            contribution.state.tenants.map { ($0.slug, contribution.slugLocations[$0.id]!) }
        }
        diagnostics += conflicts(slugs) { "tenant slug \(Excerpt.quoted($0)) is declared \($1) times" }
        diagnostics += conflicts(routeKeys(contributions)) { "route \($0) is declared \($1) times" }
        let accounts = contributions.flatMap(\.state.sipAccounts)
        diagnostics += conflicts(accounts.map { ($0.label, $0.location!) }) { "SIP account label \(Excerpt.quoted($0)) is declared \($1) times" }
        diagnostics += conflicts(accounts.compactMap { account in account.renamedFrom.map { ($0, account.location!) } }) {
            "SIP account \(Excerpt.quoted($0)) is renamed \($1) times (renamedFrom)"
        }

        let bindings = contributions.flatMap(\.state.workflowBindings)
        diagnostics += conflicts(bindings.map { ($0.workflowSlug, $0.location!) }) {
            "workflow \(Excerpt.quoted($0)) is bound \($1) times (a workflow uses one SIP account)"
        }

        diagnostics += defaultRegionCompletions(contributions, tenants: tenants)

        let defaults = contributions.flatMap { contribution in
            contribution.state.sipAccounts
                .filter { $0.isDefault && $0.isActive }
                .map { (label: $0.label, location: contribution.defaultLocations[$0.label]!) }
        }
        if defaults.count > 1 {
            let labels = defaults.prefix(placesPerConflict).map { Excerpt.quoted($0.label) }.joined(separator: ", ")
            let places = defaults.prefix(placesPerConflict).map(\.location.description).joined(separator: ", ")
            diagnostics.append(.error(
                at: defaults[1].location,
                "\(defaults.count) active SIP accounts are marked default (\(labels)); at most one may be: \(places)"))
        }
        return diagnostics
    }

    /// Every route's key and place, read in place: a million routes are not copied to read two fields.
    private static func routeKeys(_ contributions: [FileContribution]) -> [(RouteKey, SourceLocation)] {
        var keys: [(RouteKey, SourceLocation)] = []
        keys.reserveCapacity(contributions.reduce(0) { $0 + $1.state.routes.count })
        for contribution in contributions {
            let routes = contribution.state.routes
            for index in routes.indices { keys.append((routes[index].key, routes[index].location!)) }
        }
        return keys
    }

    /// A national number completed with `defaultRegion`, in a tenant without `country`, while other
    /// tenants declare another country: a Moroccan tenant's `06 61 23 45 67` must not silently
    /// become a French number.
    private static func defaultRegionCompletions(_ contributions: [FileContribution], tenants: [Tenant]) -> [Diagnostic] {
        let countries = Set(tenants.compactMap(\.country))
        return contributions.flatMap(\.completedWithDefaultRegion).compactMap { completion in
            let others = countries.subtracting([completion.region])
            guard !others.isEmpty else { return nil }
            return .warning(at: completion.location,
                            "completed as \(completion.region), the default region, while other tenants are in \(others.sorted().joined(separator: ", ")): set country on the tenant")
        }
    }

    /// One error per identity declared more than once, at its second place, listing all of them.
    /// `describe` gets the identity and how many times it is declared.
    private static func conflicts<Key: Hashable>(
        _ items: [(Key, SourceLocation)], describe: (Key, Int) -> String
    ) -> [Diagnostic] {
        // Most identities are unique: remember where each was first seen, and build a list of
        // places only for the few declared twice.
        var firstPlace: [Key: SourceLocation] = [:]
        firstPlace.reserveCapacity(items.count)
        var places: [Key: [SourceLocation]] = [:]
        var order: [Key] = []
        for (key, location) in items {
            guard let first = firstPlace[key] else {
                firstPlace[key] = location
                continue
            }
            if places[key] == nil {
                order.append(key)
                places[key] = [first]
            }
            places[key]!.append(location)
        }
        return order.map { key in
            let locations = places[key]!
            var list = locations.prefix(placesPerConflict).map(\.description).joined(separator: ", ")
            if locations.count > placesPerConflict {
                list += " and \(Count.grouped(locations.count - placesPerConflict)) more places"
            }
            return .error(at: locations[1], "\(describe(key, locations.count)): \(list)")
        }
    }
}
