import SwitchboardModel

/// Pairs desired and live rows of one kind by identity and turns the pairs into changes
/// (gitops-engine's sync: no live row is a create, no desired row a prune, both an update when
/// fields differ). Ownership decides which prunes happen (DESIGN §3).
struct Differ<Row: Hashable & Sendable & Codable, Key: Hashable & OrderPrefixed> {
    let kind: ResourceKind
    let identity: (Row) -> Key
    let managedKey: (Key) -> ManagedKey
    /// The fields that differ between a live row (nil: none) and a desired one (nil: none).
    let fields: (_ live: Row?, _ desired: Row?) -> [FieldChange]
    /// How the plan names a row.
    let display: (Row) -> String
    /// The live row as a delete shows it: secrets removed.
    var redacted: (Row) -> Row = { $0 }
    /// Rows prune never deletes (tenant 1).
    var isProtected: (Row) -> Bool = { _ in false }

    struct Result {
        var changes: [Change<Row>] = []
        var retained: [RetainedRow] = []
        /// How many rows of either side are recorded in `managed`: when the kinds' counts add up
        /// to all of `managed`, no ownership record is stale (the common case, found without a set).
        var managedRowCount = 0
        /// The live rows no file declares (deleted or retained), by identity: the rules about rows
        /// the files do not declare read these instead of a set of every declared identity.
        var undeclared: [Row] = []
    }

    /// The pairing of the rows of some keys (`pair`), before `finish` sorts and completes it.
    struct Pairing {
        /// The creates and updates, each beside its key.
        var keys: [Key] = []
        var createsAndUpdates: [Change<Row>?] = []
        /// Their positions in key order (sorted where they were paired: on the part's core), and
        /// their keys' prefixes in that order (`finish` merges the parts by them).
        var order: [Int] = []
        var prefixes: [OrderPrefix] = []
        /// The live rows no desired row took: their key, their position in `live`, and whether
        /// `managed` records them.
        var undeclared: [(key: Key, index: Int, owned: Bool)] = []
        var managedRowCount = 0
    }

    func diff(desired: [Row], live: [Row], managed: Set<ManagedKey>, prune: PruneMode) -> Result {
        var pairings = [pair(desired: desired, desired.indices, live: live, live.indices, managed: managed)]
        return finish(&pairings, live: live, prune: prune)
    }

    /// Pairs the desired and live rows at these positions. Parts that hold disjoint keys (see
    /// `RouteParts`) are paired on separate cores, then finished together.
    func pair(desired: [Row], _ desiredPositions: some Collection<Int>, live: [Row], _ livePositions: some Collection<Int>,
              managed: Set<ManagedKey>) -> Pairing {
        var pairing = Pairing()
        // At least this many creates (all of them on a first plan): room made once.
        pairing.keys.reserveCapacity(max(0, desiredPositions.count - livePositions.count))
        pairing.createsAndUpdates.reserveCapacity(max(0, desiredPositions.count - livePositions.count))
        // Positions, not rows: a row copied into the table and out again retained and released
        // each of its strings twice, and each entry of the table held a whole row (a million routes).
        var liveByKey: [Key: Int] = Dictionary(minimumCapacity: livePositions.count)
        for index in livePositions { liveByKey[identity(live[index])] = index }
        for position in desiredPositions {
            let row = desired[position]
            let key = identity(row)
            guard let current = liveByKey.removeValue(forKey: key).map({ live[$0] }) else {
                pairing.keys.append(key)
                pairing.createsAndUpdates.append(.create(row, fields: fields(nil, row)))
                continue
            }
            var changed = fields(current, row)
            // Declaring a row made by hand takes it over: an update, shown as such.
            if managed.contains(managedKey(key)) {
                pairing.managedRowCount += 1
            } else {
                changed.append(FieldChange(.managed, before: .text("no"), after: .text("yes")))
            }
            if !changed.isEmpty {
                pairing.keys.append(key)
                pairing.createsAndUpdates.append(.update(row, fields: changed))
            }
        }
        // Positions are sorted, not the pairs: a merge sort moving 100,000 (key, change) pairs
        // retained and released every row and field list at each move (a third of planning
        // them). Rows of equal keys (always in the same part) keep the files' order.
        (pairing.order, pairing.prefixes) = pairing.keys.positionsInOrder()
        pairing.undeclared = liveByKey.map { key, index in (key, index, managed.contains(managedKey(key))) }
        pairing.managedRowCount += pairing.undeclared.count { $0.owned }
        return pairing
    }

    /// The changes of these pairings in key order (creates and updates, then deletes), and the
    /// rows retained. Each change is moved out of its pairing (`take()`), not copied and
    /// released; the pairings are left empty.
    func finish(_ pairings: inout [Pairing], live: [Row], prune: PruneMode) -> Result {
        var result = Result()
        result.managedRowCount = pairings.reduce(0) { $0 + $1.managedRowCount }
        // Only the changes are sorted, not every row: a plan of 100,000 routes has few changes,
        // and sorting all the keys was half of planning them. Each part is sorted already: they
        // are merged, each change moved to its place.
        var next = Array(repeating: 0, count: pairings.count)
        result.changes.reserveCapacity(pairings.reduce(0) { $0 + $1.order.count })
        while true {
            // The part whose next key is the least (equal keys are in one part: no tie to break),
            // by the keys' prefixes, else compared in place: a key copied out is a string
            // retained and released.
            var least: Int?
            for part in pairings.indices where next[part] < pairings[part].order.count {
                guard let best = least else {
                    least = part
                    continue
                }
                let (prefix, bestPrefix) = (pairings[part].prefixes[next[part]], pairings[best].prefixes[next[best]])
                if prefix < bestPrefix
                    || (prefix == bestPrefix && pairings[part].keys[pairings[part].order[next[part]]] < pairings[best].keys[pairings[best].order[next[best]]]) {
                    least = part
                }
            }
            guard let part = least else { break }
            result.changes.append(pairings[part].createsAndUpdates[pairings[part].order[next[part]]].take()!)
            next[part] += 1
        }

        let undeclared = pairings.count == 1 ? pairings[0].undeclared : pairings.flatMap(\.undeclared)
        // Emptied now, not when the caller's plan is done: a first plan's held a million keys
        // and the room of a million changes (about 100 MB at the planner's peak).
        pairings.removeAll()
        for (key, index, owned) in undeclared.sorted(by: { $0.key < $1.key }) {
            let row = live[index]
            result.undeclared.append(row)
            let reason: RetainedRow.Reason? =
                isProtected(row) ? .defaultTenant
                : prune == .none ? .pruneNone
                : prune == .owned && !owned ? .unmanaged
                : nil
            if let reason {
                result.retained.append(RetainedRow(key: managedKey(key), display: display(row), reason: reason))
            } else {
                result.changes.append(.delete(redacted(row), fields: fields(row, nil)))
            }
        }
        return result
    }
}

/// Collects the fields that differ, formatted for the plan.
struct FieldChanges {
    private(set) var list: [FieldChange] = []

    mutating func compare(_ name: FieldName, _ live: String?, _ desired: String?) {
        guard live != desired else { return }
        list.append(FieldChange(name, before: live.map { .text($0) } ?? .absent, after: desired.map { .text($0) } ?? .absent))
    }

    mutating func compare<T: CustomStringConvertible & Equatable>(_ name: FieldName, _ live: T?, _ desired: T?) {
        guard live != desired else { return }
        compare(name, live?.description, desired?.description)
    }

    /// Compares raw values and formats them only when they differ (most rows of a plan do not).
    mutating func compare<T: Equatable>(_ name: FieldName, _ live: T?, _ desired: T?, format: (T) -> String) {
        guard live != desired else { return }
        compare(name, live.map(format), desired.map(format))
    }

    mutating func append(_ change: FieldChange) { list.append(change) }
}
