import Dispatch
import SwitchboardModel

/// Rules that span files: uniqueness of identities (DESIGN §1), the single active default SIP
/// account, and a workflow bound to one account at most. A conflict names every place involved.
///
/// The identities live in an index a file can be added to and removed from: the daemon, after a
/// one-file edit, updates it with that file instead of indexing the 100,000 routes of every file
/// again (120 ms of each edit on the large corpus).
struct CrossFileRules: Sendable {
    /// The most places one conflict lists; the rest are counted.
    static let placesPerConflict = 10

    private var tenantIDs = PlaceIndex<Int64>()
    private var slugs = PlaceIndex<String>()
    /// Route keys in two halves (`half(of:)`), indexed on a core each by `add(_:alongside:)`: a
    /// million routes took 0.5 s on one core, while the loader's merge left the other idle.
    private var routes = [PlaceIndex<RouteKey>(), PlaceIndex<RouteKey>()]
    private var accountLabels = PlaceIndex<String>()
    private var renames = PlaceIndex<String>()
    private var workflows = PlaceIndex<String>()
    /// `targets:` of switchboard.yaml: with them, a route key is unique within each target, and
    /// every tenant should land in one (`TargetRules`).
    let targets: [Target]

    init(targets: [Target] = []) { self.targets = targets }

    mutating func add(_ contribution: FileContribution) {
        update(contribution, adding: true)
        Self.updateRoutes(&routes, contribution, adding: true)
    }

    /// Indexes every contribution, each index sized once for all of them: each half of the route
    /// keys on a core, beside the other identities and `work` (the loader's merge).
    mutating func add(_ contributions: [FileContribution], alongside work: () -> Void = {}) {
        let totals = DeclaredCounts(contributions)
        // Moved out, not copied: each index is then the only reference to its storage, and grows
        // in place rather than copying itself first.
        nonisolated(unsafe) var halves = (routes[0], routes[1])
        routes = []
        nonisolated(unsafe) var others = self
        self = CrossFileRules(targets: targets)
        others.tenantIDs.reserve(totals.tenants)
        others.slugs.reserve(totals.tenants)
        withoutActuallyEscaping(work) { work in
            nonisolated(unsafe) let work = work
            // The halves first: they are the longest.
            DispatchQueue.concurrentPerform(iterations: 4) { part in
                switch part {
                case 0: Self.indexRoutes(&halves.0, half: 0, of: contributions, reserving: totals.routes / 2)
                case 1: Self.indexRoutes(&halves.1, half: 1, of: contributions, reserving: totals.routes / 2)
                case 2: work()
                default: for contribution in contributions { others.update(contribution, adding: true) }
                }
            }
        }
        self = others
        routes = [halves.0, halves.1]
    }

    /// Where a tenant, a route are declared: the daemon finds an edit's rows through them.
    func places(ofTenant id: Int64) -> [SourceLocation] { tenantIDs.places(of: id) }
    func places(ofRoute key: RouteKey) -> [SourceLocation] { routes[Self.half(of: key)].places(of: key) }

    mutating func remove(_ contribution: FileContribution) {
        update(contribution, adding: false)
        Self.updateRoutes(&routes, contribution, adding: false)
    }

    /// Which half of the route index holds `key`: by its last byte, the last digit of a number.
    private static func half(of key: RouteKey) -> Int { Int(key.key.utf8.last ?? 0) & 1 }

    /// Adds the routes of one half of the keys, reading every contribution's routes in place: a
    /// million routes are not copied to read two fields.
    private static func indexRoutes(_ index: inout PlaceIndex<RouteKey>, half: Int, of contributions: [FileContribution],
                                    reserving count: Int) {
        index.reserve(count + count / 8)
        for contribution in contributions.indices {
            let routes = contributions[contribution].state.routes
            for route in routes.indices where Self.half(of: routes[route].key) == half {
                index.add(routes[route].key, at: routes[route].location!)
            }
        }
    }

    private static func updateRoutes(_ halves: inout [PlaceIndex<RouteKey>], _ contribution: FileContribution, adding: Bool) {
        let routes = contribution.state.routes
        for index in routes.indices {
            let (key, place) = (routes[index].key, routes[index].location!)
            if adding {
                halves[half(of: key)].add(key, at: place)
            } else {
                halves[half(of: key)].remove(key, at: place)
            }
        }
    }

    /// Every identity but the routes'.
    private mutating func update(_ contribution: FileContribution, adding: Bool) {
        func apply<Key>(_ index: inout PlaceIndex<Key>, _ key: Key, _ place: SourceLocation) {
            if adding { index.add(key, at: place) } else { index.remove(key, at: place) }
        }
        let state = contribution.state
        for tenant in state.tenants {
            apply(&tenantIDs, tenant.id, tenant.location!)
            apply(&slugs, tenant.slug, contribution.slugLocations[tenant.id]!)
        }
        for account in state.sipAccounts {
            apply(&accountLabels, account.label, account.location!)
            if let old = account.renamedFrom { apply(&renames, old, account.location!) }
        }
        for binding in state.workflowBindings { apply(&workflows, binding.workflowSlug, binding.location!) }
    }

    /// Every conflict of the indexed files, and the rules over the few rows they apply to.
    /// - Parameter contributions: the same files (default accounts and completed numbers are
    ///   few, and checked over all of them).
    func diagnostics(_ contributions: [FileContribution]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += tenantIDs.conflicts { "tenant id \($0) is declared \($1) times" }
        diagnostics += slugs.conflicts { "tenant slug \(Excerpt.quoted($0)) is declared \($1) times" }
        if targets.isEmpty {
            for half in routes { diagnostics += half.conflicts { "route \($0) is declared \($1) times" } }
        } else {
            let rules = TargetRules(targets: targets, contributions: contributions)
            diagnostics += rules.routeConflicts(among: routes[0].keysDeclaredMoreThanOnce + routes[1].keysDeclaredMoreThanOnce)
            diagnostics += rules.tenantsWithoutTarget()
        }
        diagnostics += accountLabels.conflicts { "SIP account label \(Excerpt.quoted($0)) is declared \($1) times" }
        diagnostics += renames.conflicts { "SIP account \(Excerpt.quoted($0)) is renamed \($1) times (renamedFrom)" }
        diagnostics += workflows.conflicts { "workflow \(Excerpt.quoted($0)) is bound \($1) times (a workflow uses one SIP account)" }
        diagnostics += Self.defaultRegionCompletions(contributions)

        // By index: the daemon runs this after every edit, over 10,000 files with an account or two.
        var defaults: [(label: String, location: SourceLocation)] = []
        for index in contributions.indices where !contributions[index].state.sipAccounts.isEmpty {
            for account in contributions[index].state.sipAccounts where account.isDefault && account.isActive {
                defaults.append((account.label, contributions[index].defaultLocations[account.label]!))
            }
        }
        if defaults.count > 1 {
            let labels = defaults.prefix(Self.placesPerConflict).map { Excerpt.quoted($0.label) }.joined(separator: ", ")
            let places = defaults.prefix(Self.placesPerConflict).map(\.location.description).joined(separator: ", ")
            diagnostics.append(.error(
                at: defaults[1].location,
                "\(defaults.count) active SIP accounts are marked default (\(labels)); at most one may be: \(places)"))
        }
        return diagnostics
    }

    /// A national number completed with `defaultRegion`, in a tenant without `country`, while other
    /// tenants declare another country: a Moroccan tenant's `06 61 23 45 67` must not silently
    /// become a French number.
    private static func defaultRegionCompletions(_ contributions: [FileContribution]) -> [Diagnostic] {
        var completions: [PhoneContext.Completion] = []
        for index in contributions.indices where !contributions[index].completedWithDefaultRegion.isEmpty {
            completions += contributions[index].completedWithDefaultRegion
        }
        guard !completions.isEmpty else { return [] }
        let countries = Set(contributions.flatMap { $0.state.tenants.compactMap(\.country) })
        return completions.compactMap { completion in
            let others = countries.subtracting([completion.region])
            guard !others.isEmpty else { return nil }
            return .warning(at: completion.location,
                            "completed as \(completion.region), the default region, while other tenants are in \(others.sorted().joined(separator: ", ")): set country on the tenant")
        }
    }
}

/// Where each identity is declared. Most identities are declared once: their one place is kept
/// apart, and a list of places is built only for the few declared twice or more.
struct PlaceIndex<Key: Hashable & Sendable>: Sendable {
    private var single: [Key: SourceLocation] = [:]
    private var several: [Key: [SourceLocation]] = [:]

    /// One hash of the key for an identity seen first (nearly all): `several` is looked at only
    /// when it holds something, and `single` is written and read back in one step.
    mutating func add(_ key: Key, at place: SourceLocation) {
        if !several.isEmpty, several[key] != nil {
            several[key]!.append(place)
        } else if let first = single.updateValue(place, forKey: key) {
            single[key] = nil
            several[key] = [first, place]
        }
    }

    /// Room for this many more identities: a million routes otherwise rehash the index twenty times.
    mutating func reserve(_ count: Int) { single.reserveCapacity(single.count + count) }

    mutating func remove(_ key: Key, at place: SourceLocation) {
        if single[key] == place {
            single[key] = nil
        } else if var places = several[key], let index = places.firstIndex(of: place) {
            places.remove(at: index)
            if places.count == 1 {
                single[key] = places[0]
                several[key] = nil
            } else {
                several[key] = places
            }
        }
    }

    var keysDeclaredMoreThanOnce: [Key] { Array(several.keys) }

    /// Every place `key` is declared (one, unless it conflicts or `targets:` allow it twice).
    func places(of key: Key) -> [SourceLocation] {
        single[key].map { [$0] } ?? several[key] ?? []
    }

    /// One error per identity declared more than once, at its second place, listing all of them
    /// in file order. `describe` gets the identity and how many times it is declared.
    func conflicts(describe: (Key, Int) -> String) -> [Diagnostic] {
        several.map { key, places in
            let places = places.sorted()
            var list = places.prefix(CrossFileRules.placesPerConflict).map(\.description).joined(separator: ", ")
            if places.count > CrossFileRules.placesPerConflict {
                list += " and \(Count.grouped(places.count - CrossFileRules.placesPerConflict)) more places"
            }
            return .error(at: places[1], "\(describe(key, places.count)): \(list)")
        }
    }
}
