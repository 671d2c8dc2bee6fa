import SwitchboardModel

/// The planner's routes in parts by key (`RouteKey.part`), paired on both cores, and the parts
/// that need no pairing at all: a part whose desired and live routes are the same rows, each of
/// them recorded as managed, pairs to nothing. A no-op plan of a million routes skips pairing
/// them (0.9 s of its 1.5 s plan phase), and a plan of a few changes pairs only their parts.
struct RouteParts: Sendable {
    /// How many parts a plan of these routes pairs them in: one below 20,000 routes (desired and
    /// live together); else 16, for a few changes to leave most parts unchanged; but 4 on a first
    /// plan, which has nothing to skip: `Differ.finish` compares each change with every part's next.
    static func partCount(desired: [Route], live: [Route]) -> Int {
        desired.count + live.count < 20_000 ? 1 : live.isEmpty ? 4 : 16
    }

    /// The positions of each part's routes, on each side, in the rows' order.
    let desired: [[Int]]
    let live: [[Int]]
    /// Whether each part pairs to nothing.
    let unchanged: [Bool]

    var count: Int { desired.count }

    init(desired desiredRoutes: [Route], live liveRoutes: [Route], managed: Set<ManagedKey>, parts: Int) {
        let part = { (key: RouteKey) in key.part(of: parts) }
        // A first plan has no live row to compare with: nothing is summed.
        let summed = !desiredRoutes.isEmpty && !liveRoutes.isEmpty
        // Five walks on the two cores, each taking the next as it comes free: each side's routes
        // in halves, and the managed keys. Walked whole, the managed keys were left for last on
        // one core while the other waited.
        let walk = { (routes: [Route], half: Int) in
            let middle = routes.count / 2
            return Self.positions(of: routes, half == 0 ? 0..<middle : middle..<routes.count, parts: parts, summed: summed, by: part)
        }
        let (owned, walks) = inParallel({
            summed ? Self.ownedDigests(managed, parts: parts, by: part) : []
        }, parts: 4) { index in
            walk(index < 2 ? desiredRoutes : liveRoutes, index % 2)
        }
        let (desired, desiredDigests) = Self.joined(walks[0], walks[1])
        let (live, liveDigests) = Self.joined(walks[2], walks[3])
        self.desired = desired
        self.live = live
        unchanged = (0..<parts).map { index in
            summed && desiredDigests[index].pairsToNothing(live: liveDigests[index], owned: owned[index])
        }
    }

    /// This part's pairing: nothing to create, update or delete when it is unchanged, and every
    /// live row managed.
    func pair(_ part: Int, with differ: Differ<Route, RouteKey>, desired desiredRoutes: [Route], live liveRoutes: [Route],
              managed: Set<ManagedKey>) -> Differ<Route, RouteKey>.Pairing {
        guard !unchanged[part] else { return .init(managedRowCount: live[part].count) }
        return differ.pair(desired: desiredRoutes, desired[part], live: liveRoutes, live[part], managed: managed)
    }

    /// Each part's positions and digest, in one pass over the rows in `range`.
    private static func positions(of routes: [Route], _ range: Range<Int>, parts: Int, summed: Bool,
                                  by part: (RouteKey) -> Int) -> (positions: [[Int]], digests: [PartDigest]) {
        var positions = Array(repeating: [Int](), count: parts)
        for index in positions.indices { positions[index].reserveCapacity(range.count / parts + range.count / (4 * parts)) }
        var digests = Array(repeating: PartDigest(), count: parts)
        for index in range {
            let part = part(routes[index].key)
            positions[part].append(index)
            if summed { digests[part].add(routes[index].digestHashes) }
        }
        return (positions, digests)
    }

    /// The walks of two consecutive ranges as one: positions stay in the rows' order.
    private static func joined(_ first: (positions: [[Int]], digests: [PartDigest]),
                               _ second: (positions: [[Int]], digests: [PartDigest])) -> (positions: [[Int]], digests: [PartDigest]) {
        (zip(first.positions, second.positions).map { $0 + $1 }, zip(first.digests, second.digests).map { $0.adding($1) })
    }

    /// The digest of each part's route keys recorded as managed.
    private static func ownedDigests(_ managed: Set<ManagedKey>, parts: Int, by part: (RouteKey) -> Int) -> [PartDigest] {
        var digests = Array(repeating: PartDigest(), count: parts)
        for managedKey in managed where managedKey.kind == .routes {
            guard let key = managedKey.routeKey else { continue }
            digests[part(key)].add((key.digestHash, 0))
        }
        return digests
    }
}

/// What some rows hold, summed so that their order does not matter: how many, and the sums of a
/// keyed hash of each row's identity, and of its identity with the fields the differ compares.
/// Different rows have equal digests by a chance of 2⁻⁶⁴: the hash key is drawn at random for each
/// run, so no file can be written to collide with the database.
struct PartDigest: Sendable {
    /// Mixed into every hash: Swift's own per-process seed can be fixed (`SWIFT_DETERMINISTIC_HASHING`).
    static let seed = UInt64.random(in: .min ... .max)

    var count = 0
    var keys: UInt64 = 0
    var rows: UInt64 = 0

    /// Whether desired rows of this digest pair to nothing with the live rows and managed keys of
    /// those: the same rows, and as many managed keys, the live rows' own.
    func pairsToNothing(live: PartDigest, owned: PartDigest) -> Bool {
        let sameRows = count == live.count && rows == live.rows
        return sameRows && owned.count == live.count && owned.keys == live.keys
    }

    /// The digest of both digests' rows together.
    func adding(_ other: PartDigest) -> PartDigest {
        PartDigest(count: count + other.count, keys: keys &+ other.keys, rows: rows &+ other.rows)
    }

    mutating func add(_ hashes: (key: UInt64, row: UInt64)) {
        count += 1
        keys &+= hashes.key
        rows &+= hashes.row
    }
}
