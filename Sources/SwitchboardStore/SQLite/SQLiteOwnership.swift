import SwitchboardModel
import SwitchboardPlan

/// SQLite's SQL for ownership (`OwnershipLedger`, `StateReader`): buckets as JSON arrays, read
/// whole (`JSONStringArray`), written with one prepared statement per bucket; facts one prepared statement per row.
extension SQLiteConnection {
    public func ownedBucketsQuery(inBuckets buckets: [OwnershipBucket]?, wholeKinds: [ResourceKind]) -> (String, [SQLValue]) {
        let select = "SELECT o.kind, o.keys FROM switchboard_ownership o"
        guard let buckets else { return (select, []) }
        let pairs = "[" + buckets.map { "[\(JSONText.string($0.kind.rawValue)),\($0.number)]" }.joined(separator: ",") + "]"
        return ("""
            \(select) WHERE (o.kind, o.bucket) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))
            UNION ALL \(select) WHERE o.kind IN (SELECT value FROM json_each(?2))
            """, [SQLValue.text(pairs), .text(Self.jsonArray(wholeKinds.map(\.rawValue)))])
    }

    public func forEachStoredKey(in keys: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try JSONStringArray.forEach(in: keys, body)
    }

    public func rowFactsQuery(of keys: [ManagedKey]?, wholeKinds: [ResourceKind]) -> (String, [SQLValue]) {
        let select = "SELECT kind, key, protected, secret_refs FROM switchboard_row_facts"
        guard let keys else { return (select, []) }
        let pairs = "[" + keys.map { "[\(JSONText.string($0.kind.rawValue)),\(JSONText.string($0.key))]" }.joined(separator: ",") + "]"
        return ("""
            \(select) WHERE (kind, key) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))
            UNION ALL \(select) WHERE kind IN (SELECT value FROM json_each(?2))
            """, [SQLValue.text(pairs), .text(Self.jsonArray(wholeKinds.map(\.rawValue)))])
    }

    public func replaceOwnership(_ buckets: [(OwnershipBucket, [String])], prepared: [OwnershipBucket: String], revision: String?) throws {
        try executeMany("DELETE FROM switchboard_ownership WHERE kind = ?1 AND bucket = ?2",
                        buckets.map { [.text($0.0.kind.rawValue), .integer(Int64($0.0.number))] })
        try executeMany("INSERT INTO switchboard_ownership (kind, bucket, keys, revision) VALUES (?1, ?2, ?3, ?4)",
                        OwnershipBucket.rows(buckets[...], prepared: prepared, revision: revision, stored: Self.jsonArray))
    }

    /// Facts cleared are deleted; the others are written over what was recorded, many rows per
    /// statement (a delete, then an insert, for each row took a third of recording a first apply's
    /// ownership).
    public func recordFacts(_ facts: [RowFactsUpdate]) throws {
        try executeMany("DELETE FROM switchboard_row_facts WHERE kind = ?1 AND key = ?2",
                        facts.filter { $0.facts == .none }.map { [.text($0.key.kind.rawValue), .text($0.key.key)] })
        let kept = facts.filter { $0.facts != .none }.map {
            [SQLValue.text($0.key.kind.rawValue), .text($0.key.key), .bool($0.facts.isProtected), SQLValue(RowFactsCoding.json($0.facts.secretReferences))]
        }
        try executeMany(kept, perStatement: SQLiteApplier.rowsPerInsert) { rows in
            let values = (0..<rows).map { "(\(Self.parameters(ofRow: $0, width: 4)))" }
            return """
                INSERT INTO switchboard_row_facts (kind, key, protected, secret_refs) VALUES \(values.joined(separator: ", "))
                ON CONFLICT (kind, key) DO UPDATE SET protected = excluded.protected, secret_refs = excluded.secret_refs
                """
        }
    }

    /// `["a","b"]`: a JSON array of strings, written into one byte buffer (appends to a String cost
    /// more than the keys themselves).
    static func jsonArray(_ strings: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(strings.count * 24 + 2)
        for index in strings.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.append(strings[index], to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
