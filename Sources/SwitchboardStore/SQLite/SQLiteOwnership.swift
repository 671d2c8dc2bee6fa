import SwitchboardModel
import SwitchboardPlan

/// SQLite's SQL for `OwnershipLedger`: buckets as JSON arrays, read with `json_each`, written with
/// one prepared statement per bucket; facts one prepared statement per row.
extension SQLiteConnection {
    public func ownedKeys(in buckets: [OwnershipBucket]) throws -> [OwnershipBucket: [String]] {
        var keys: [OwnershipBucket: [String]] = [:]
        guard !buckets.isEmpty else { return keys }
        let pairs = "[" + buckets.map { "[\(JSONText.string($0.kind.rawValue)),\($0.number)]" }.joined(separator: ",") + "]"
        try query("""
            SELECT o.kind, o.bucket, j.value FROM switchboard_ownership o JOIN json_each(o.keys) AS j
            WHERE (o.kind, o.bucket) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))
            """, [.text(pairs)]) { row in
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let number = row.integer(1), let key = row.text(2) else { return }
            keys[OwnershipBucket(kind: kind, number: Int(number)), default: []].append(key)
        }
        return keys.mapValues(\.sortedUnique)
    }

    public func replaceOwnership(_ buckets: [(OwnershipBucket, [String])], revision: String?) throws {
        try executeMany("DELETE FROM switchboard_ownership WHERE kind = ?1 AND bucket = ?2",
                        buckets.map { [.text($0.0.kind.rawValue), .integer(Int64($0.0.number))] })
        try executeMany("INSERT INTO switchboard_ownership (kind, bucket, keys, revision) VALUES (?1, ?2, ?3, ?4)",
                        buckets.compactMap { bucket, keys in
            keys.isEmpty ? nil : [.text(bucket.kind.rawValue), .integer(Int64(bucket.number)),
                                  .text("[" + keys.map(JSONText.string).joined(separator: ",") + "]"), SQLValue(revision)]
        })
    }

    public func recordFacts(_ facts: [RowFactsUpdate]) throws {
        try executeMany("DELETE FROM switchboard_row_facts WHERE kind = ?1 AND key = ?2",
                        facts.map { [.text($0.key.kind.rawValue), .text($0.key.key)] })
        try executeMany("INSERT INTO switchboard_row_facts (kind, key, protected, secret_refs) VALUES (?1, ?2, ?3, ?4)",
                        facts.filter { $0.facts != .none }.map {
            [.text($0.key.kind.rawValue), .text($0.key.key), .bool($0.facts.isProtected), SQLValue(RowFactsCoding.json($0.facts.secretReferences))]
        })
    }
}
