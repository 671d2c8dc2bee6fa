import SwitchboardModel
import SwitchboardPlan

/// Records which rows switchboard manages (`switchboard_ownership`: the keys of each kind grouped
/// in `OwnershipBucket`s) and what it remembers of them (`switchboard_row_facts`, only rows with
/// something to remember), inside the caller's transaction. Each bucket it changes is read, changed
/// in memory and written back whole; the SQL of each step is the driver's.
struct OwnershipLedger {
    let connection: any DatabaseConnection

    /// - Parameters:
    ///   - added: rows that become managed.
    ///   - removed: rows that stop being managed (their facts go with them).
    ///   - refreshed: managed rows written again: their buckets take `revision`.
    ///   - facts: facts to set (`.none` clears them), kept only for rows managed afterwards.
    func record(added: [ManagedKey], removed: [ManagedKey], refreshed: [ManagedKey] = [], facts: [RowFactsUpdate],
                revision: String?) throws {
        try record(OwnershipChange(added: added, removed: removed, refreshed: refreshed, facts: facts), revision: revision)
    }

    func record(_ change: OwnershipChange, revision: String?) throws {
        guard !change.read.isEmpty else { return }
        var keys = try ownedKeys(in: change.read)
        defer { BackgroundRelease.drop(keys) }
        // A bucket that held nothing holds the keys added, already written as stored.
        var prepared: [OwnershipBucket: String] = [:]
        for (bucket, bucketChange) in change.buckets {
            let kept = (keys[bucket] ?? []).filter { !bucketChange.removed.contains($0) }
            if kept.isEmpty, let stored = change.storedAdded[bucket] { prepared[bucket] = stored }
            keys[bucket] = kept.mergingSortedUnique(bucketChange.added)
        }
        try connection.replaceOwnership(change.buckets.keys.sorted().map { ($0, keys[$0] ?? []) }, prepared: prepared, revision: revision)

        func isManaged(_ key: ManagedKey) -> Bool { keys[key.bucket]?.containsSorted(key.key) ?? false }
        let released = change.removed.filter { !isManaged($0) }.map { RowFactsUpdate(key: $0, facts: .none) }
        try connection.recordFacts(released + change.facts.filter { isManaged($0.key) })
    }

    /// The keys recorded in these buckets, sorted and each once.
    func ownedKeys(in buckets: [OwnershipBucket]) throws -> [OwnershipBucket: [String]] {
        var keys: [OwnershipBucket: [String]] = [:]
        try connection.forEachOwnedKey(inBuckets: buckets, wholeKinds: []) { key in keys[key.bucket, default: []].append(key.key) }
        return keys.mapValues(\.sortedUnique)
    }

    /// Migration 4: every record of the per-row table of migrations 2 and 3 (renamed
    /// `switchboard_managed_records`) into its bucket; each bucket keeps the revision of its latest record.
    func regroupRecords() throws {
        var keys: [OwnershipBucket: [String]] = [:]
        var latest: [OwnershipBucket: (since: String, revision: String?)] = [:]
        try connection.query("SELECT kind, key, revision, CAST(since AS TEXT) FROM switchboard_managed_records", []) { row in
            guard let key = row.managedKey() else { return }
            let bucket = key.bucket
            keys[bucket, default: []].append(key.key)
            let since = row.text(3) ?? ""
            if since >= latest[bucket]?.since ?? "" { latest[bucket] = (since, row.text(2)) }
        }
        // One write per revision: buckets keep what they last recorded.
        let byRevision = Dictionary(grouping: keys.keys.sorted()) { latest[$0]?.revision ?? "" }
        for (revision, buckets) in byRevision.sorted(by: { $0.key < $1.key }) {
            try connection.replaceOwnership(buckets.map { ($0, (keys[$0] ?? []).sortedUnique) }, prepared: [:],
                                            revision: revision.isEmpty ? nil : revision)
        }
    }
}

/// What recording ownership changes, grouped by bucket: made from the plan alone, so a driver can
/// make it on another core while the rows are written (a first apply groups and sorts 120,000 keys).
struct OwnershipChange: Sendable {
    /// Each changed bucket once; what is added as a sorted array, each key once, so that recording
    /// merges it with the keys read instead of sorting them all again on the core that writes.
    var buckets: [OwnershipBucket: (added: [String], removed: Set<String>)] = [:]
    /// The buckets to read: those changed, and those of the rows whose facts change.
    var read: [OwnershipBucket] = []
    var removed: [ManagedKey]
    var facts: [RowFactsUpdate]
    /// Each bucket's added keys as the driver stores them, when it removes none (`preparingStored`):
    /// a bucket that held nothing (every bucket of a first apply) is written with them as they are.
    var storedAdded: [OwnershipBucket: String] = [:]

    init(added: [ManagedKey], removed: [ManagedKey], refreshed: [ManagedKey], facts: [RowFactsUpdate]) {
        self.removed = removed
        self.facts = facts
        for key in added { buckets[key.bucket, default: ([], [])].added.append(key.key) }
        for key in removed { buckets[key.bucket, default: ([], [])].removed.insert(key.key) }
        for key in refreshed where buckets[key.bucket] == nil { buckets[key.bucket] = ([], []) }
        for bucket in buckets.keys { buckets[bucket]!.added = buckets[bucket]!.added.sortedUnique }
        var read = Set(buckets.keys)
        for update in facts { read.insert(update.key.bucket) }
        self.read = read.sorted()
    }

    /// With `storedAdded` written by `stored`, the dialect's form of a bucket's keys: a driver
    /// makes it beside the rows' writes, where the core that writes made it after them (a first
    /// SQLite apply's write phase: 0.232 → 0.218 s at 100,000 routes, 2.48 → 2.40 s at a million).
    consuming func preparingStored(_ stored: ([String]) -> String) -> OwnershipChange {
        for (bucket, change) in buckets where change.removed.isEmpty && !change.added.isEmpty {
            storedAdded[bucket] = stored(change.added)
        }
        return self
    }
}

extension DatabaseConnection {
    /// Calls `body` with each key recorded in these buckets (nil: all) and of these kinds.
    func forEachOwnedKey(inBuckets buckets: [OwnershipBucket]?, wholeKinds: [ResourceKind], _ body: (ManagedKey) throws -> Void) throws {
        let (sql, parameters) = ownedBucketsQuery(inBuckets: buckets, wholeKinds: wholeKinds)
        try query(sql, parameters) { row in
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)) else { return }
            try row.withUTF8(1) { keys in
                try forEachStoredKey(in: keys) { key in try body(ManagedKey(kind: kind, utf8: key)) }
            }
        }
    }

    /// Calls `body` with the recorded facts of these rows (nil: all) and of every row of these kinds.
    func forEachRowFacts(of keys: [ManagedKey]?, wholeKinds: [ResourceKind], _ body: (ManagedKey, RowFacts) throws -> Void) throws {
        let (sql, parameters) = rowFactsQuery(of: keys, wholeKinds: wholeKinds)
        try query(sql, parameters) { row in
            guard let key = row.managedKey() else { return }
            try body(key, RowFacts(row: row))
        }
    }

    /// `switchboard export`'s adoption: the rows become managed, with their facts.
    func recordAdopted(_ keys: [ManagedKey], facts: [RowFactsUpdate], revision: String?) throws {
        try OwnershipLedger(connection: self).record(added: keys, removed: [], facts: facts, revision: revision)
    }
}

extension SQLRow {
    /// The record named by a row's first two columns, `kind` and `key` (every ownership query
    /// selects them first); nil for a kind this version does not know. The key is read from the
    /// driver's bytes.
    func managedKey() -> ManagedKey? {
        guard let kind = text(0).flatMap(ResourceKind.init(rawValue:)) else { return nil }
        return withUTF8(1) { ManagedKey(kind: kind, utf8: $0) }
    }
}

/// The keys of a bucket as stored: sorted and each once, so equal sets store equal text.
extension Array<String> {
    var sortedUnique: [String] {
        // As read back, a bucket's keys are in order already: checked, not sorted again.
        if indices.dropFirst().allSatisfy({ self[$0 - 1] < self[$0] }) { return self }
        var unique: [String] = []
        unique.reserveCapacity(count)
        for key in sorted() where key != unique.last { unique.append(key) }
        return unique
    }

    /// Both arrays, each sorted and each key once, merged into one such array.
    func mergingSortedUnique(_ other: [String]) -> [String] {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var merged: [String] = []
        merged.reserveCapacity(count + other.count)
        var (mine, theirs) = (startIndex, other.startIndex)
        while mine < endIndex, theirs < other.endIndex {
            if self[mine] < other[theirs] {
                merged.append(self[mine])
                mine += 1
            } else {
                if self[mine] == other[theirs] { mine += 1 }
                merged.append(other[theirs])
                theirs += 1
            }
        }
        merged += self[mine...]
        merged += other[theirs...]
        return merged
    }

    /// Whether this sorted array holds `key` (a binary search).
    func containsSorted(_ key: String) -> Bool {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == key
    }
}
