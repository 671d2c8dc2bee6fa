import SwitchboardModel

/// Pairs desired and live rows of one kind by identity and turns the pairs into changes
/// (gitops-engine's sync: no live row is a create, no desired row a prune, both an update when
/// fields differ). Ownership decides which prunes happen (DESIGN §3).
struct Differ<Row: Hashable & Sendable & Codable, Key: Hashable & Comparable> {
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

    func diff(desired: [Row], live: [Row], managed: Set<ManagedKey>, prune: PruneMode) -> Result {
        var result = Result()
        // Positions, not rows: a row copied into the table and out again retained and released
        // each of its strings twice, and each entry of the table held a whole row (a million routes).
        var liveByKey: [Key: Int] = Dictionary(minimumCapacity: live.count)
        for index in live.indices { liveByKey[identity(live[index])] = index }

        // Only the changes are sorted, not every row: a plan of 100,000 routes has few changes,
        // and sorting all the keys was half of planning them.
        var keys: [Key] = []
        var createsAndUpdates: [Change<Row>?] = []
        for row in desired {
            let key = identity(row)
            guard let current = liveByKey.removeValue(forKey: key).map({ live[$0] }) else {
                keys.append(key)
                createsAndUpdates.append(.create(row, fields: fields(nil, row)))
                continue
            }
            var changed = fields(current, row)
            // Declaring a row made by hand takes it over: an update, shown as such.
            if managed.contains(managedKey(key)) {
                result.managedRowCount += 1
            } else {
                changed.append(FieldChange(.managed, before: .text("no"), after: .text("yes")))
            }
            if !changed.isEmpty {
                keys.append(key)
                createsAndUpdates.append(.update(row, fields: changed))
            }
        }
        // Positions are sorted, not the pairs: a merge sort moving 100,000 (key, change) pairs
        // retained and released every row and field list at each move (a third of planning them).
        // Each change is then moved out (`take()`), not copied and released.
        result.changes = keys.indices.sorted { keys[$0] < keys[$1] }.map { createsAndUpdates[$0].take()! }

        for (key, index) in liveByKey.sorted(by: { $0.key < $1.key }) {
            let row = live[index]
            result.undeclared.append(row)
            let owned = managed.contains(managedKey(key))
            if owned { result.managedRowCount += 1 }
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
