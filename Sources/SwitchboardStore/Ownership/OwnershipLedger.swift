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
        // Each key's bucket once, and arrays rather than sets: a first apply adds 120,000 keys.
        var changes: [OwnershipBucket: (added: [String], removed: Set<String>)] = [:]
        for key in added { changes[key.bucket, default: ([], [])].added.append(key.key) }
        for key in removed { changes[key.bucket, default: ([], [])].removed.insert(key.key) }
        for key in refreshed where changes[key.bucket] == nil { changes[key.bucket] = ([], []) }
        var read = Set(changes.keys)
        for update in facts { read.insert(update.key.bucket) }
        guard !read.isEmpty else { return }

        var keys = try ownedKeys(in: read.sorted())
        for (bucket, change) in changes {
            let kept = (keys[bucket] ?? []).filter { !change.removed.contains($0) }
            keys[bucket] = (kept + change.added).sortedUnique
        }
        try connection.replaceOwnership(changes.keys.sorted().map { ($0, keys[$0] ?? []) }, revision: revision)

        func isManaged(_ key: ManagedKey) -> Bool { keys[key.bucket]?.containsSorted(key.key) ?? false }
        let released = removed.filter { !isManaged($0) }.map { RowFactsUpdate(key: $0, facts: .none) }
        try connection.recordFacts(released + facts.filter { isManaged($0.key) })
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
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let key = row.text(1) else { return }
            let bucket = ManagedKey(kind: kind, key: key).bucket
            keys[bucket, default: []].append(key)
            let since = row.text(3) ?? ""
            if since >= latest[bucket]?.since ?? "" { latest[bucket] = (since, row.text(2)) }
        }
        // One write per revision: buckets keep what they last recorded.
        let byRevision = Dictionary(grouping: keys.keys.sorted()) { latest[$0]?.revision ?? "" }
        for (revision, buckets) in byRevision.sorted(by: { $0.key < $1.key }) {
            try connection.replaceOwnership(buckets.map { ($0, (keys[$0] ?? []).sortedUnique) }, revision: revision.isEmpty ? nil : revision)
        }
    }
}

extension DatabaseConnection {
    /// Calls `body` with each key recorded in these buckets (nil: all) and of these kinds.
    func forEachOwnedKey(inBuckets buckets: [OwnershipBucket]?, wholeKinds: [ResourceKind], _ body: (ManagedKey) throws -> Void) throws {
        let (sql, parameters) = ownedKeysQuery(inBuckets: buckets, wholeKinds: wholeKinds)
        try query(sql, parameters) { row in
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let key = row.text(1) else { return }
            try body(ManagedKey(kind: kind, key: key))
        }
    }

    /// Calls `body` with the recorded facts of these rows (nil: all) and of every row of these kinds.
    func forEachRowFacts(of keys: [ManagedKey]?, wholeKinds: [ResourceKind], _ body: (ManagedKey, RowFacts) throws -> Void) throws {
        let (sql, parameters) = rowFactsQuery(of: keys, wholeKinds: wholeKinds)
        try query(sql, parameters) { row in
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let key = row.text(1) else { return }
            try body(ManagedKey(kind: kind, key: key), RowFacts(row: row))
        }
    }

    /// `switchboard export`'s adoption: the rows become managed, with their facts.
    func recordAdopted(_ keys: [ManagedKey], facts: [RowFactsUpdate], revision: String?) throws {
        try OwnershipLedger(connection: self).record(added: keys, removed: [], facts: facts, revision: revision)
    }
}

/// The keys of a bucket as stored: sorted and each once, so equal sets store equal text.
extension Array<String> {
    var sortedUnique: [String] {
        var unique: [String] = []
        unique.reserveCapacity(count)
        for key in sorted() where key != unique.last { unique.append(key) }
        return unique
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
