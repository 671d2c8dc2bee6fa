import SwitchboardModel
import SwitchboardPlan

/// PostgreSQL's SQL for `OwnershipLedger`: buckets as `TEXT[]`, read with `unnest`, written with
/// one DELETE and one COPY; facts with arrays bound as one parameter each.
extension PostgresConnection {
    public func forEachOwnedKey(inBuckets buckets: [OwnershipBucket]?, wholeKinds: [ResourceKind], _ body: (ManagedKey) throws -> Void) throws {
        let select = "SELECT o.kind, k.key FROM switchboard_ownership o CROSS JOIN LATERAL unnest(o.keys) AS k(key)"
        // Two selects joined, so that each uses the primary key (an OR reads every bucket).
        let sql: String, parameters: [SQLValue]
        if let buckets {
            sql = "\(select) WHERE (o.kind, o.bucket) IN (SELECT * FROM unnest($1::text[], $2::integer[])) UNION ALL \(select) WHERE o.kind = ANY($3::text[])"
            parameters = Self.bucketArrays(buckets) + [.text(Self.arrayLiteral(wholeKinds.map(\.rawValue)))]
        } else {
            (sql, parameters) = (select, [])
        }
        try query(sql, parameters) { row in
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let key = row.text(1) else { return }
            try body(ManagedKey(kind: kind, key: key))
        }
    }

    public func forEachRowFacts(of keys: [ManagedKey]?, wholeKinds: [ResourceKind], _ body: (ManagedKey, RowFacts) throws -> Void) throws {
        let select = "SELECT kind, key, protected, secret_refs FROM switchboard_row_facts"
        let sql: String, parameters: [SQLValue]
        if let keys {
            sql = "\(select) WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) UNION ALL \(select) WHERE kind = ANY($3::text[])"
            parameters = [.text(Self.arrayLiteral(keys.map(\.kind.rawValue))), .text(Self.arrayLiteral(keys.map(\.key))),
                          .text(Self.arrayLiteral(wholeKinds.map(\.rawValue)))]
        } else {
            (sql, parameters) = (select, [])
        }
        try query(sql, parameters) { row in
            guard let kind = row.text(0).flatMap(ResourceKind.init(rawValue:)), let key = row.text(1) else { return }
            try body(ManagedKey(kind: kind, key: key), RowFacts(row: row))
        }
    }

    public func replaceOwnership(_ buckets: [(OwnershipBucket, [String])], revision: String?) throws {
        guard !buckets.isEmpty else { return }
        try run("DELETE FROM switchboard_ownership WHERE (kind, bucket) IN (SELECT * FROM unnest($1::text[], $2::integer[]))",
                Self.bucketArrays(buckets.map(\.0)))
        try copy(into: "switchboard_ownership", columns: ["kind", "bucket", "keys", "revision"], rows: buckets.compactMap { bucket, keys in
            keys.isEmpty ? nil : [bucket.kind.rawValue, String(bucket.number), Self.arrayLiteral(keys), revision]
        })
    }

    public func recordFacts(_ facts: [RowFactsUpdate]) throws {
        guard !facts.isEmpty else { return }
        try run("""
            DELETE FROM switchboard_row_facts f USING unnest($1::text[], $2::text[]) AS d(kind, key)
            WHERE f.kind = d.kind AND f.key = d.key
            """, [.text(Self.arrayLiteral(facts.map(\.key.kind.rawValue))), .text(Self.arrayLiteral(facts.map(\.key.key)))])
        let kept = facts.filter { $0.facts != .none }
        guard !kept.isEmpty else { return }
        try run("""
            INSERT INTO switchboard_row_facts (kind, key, protected, secret_refs)
            SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[])
            """, [.text(Self.arrayLiteral(kept.map(\.key.kind.rawValue))), .text(Self.arrayLiteral(kept.map(\.key.key))),
                  .text(Self.arrayLiteral(kept.map { SQLValue.bool($0.facts.isProtected) })),
                  .text(Self.arrayLiteral(kept.map { SQLValue(RowFactsCoding.json($0.facts.secretReferences)) }))])
    }

    private static func bucketArrays(_ buckets: [OwnershipBucket]) -> [SQLValue] {
        [.text(arrayLiteral(buckets.map(\.kind.rawValue))), .text(arrayLiteral(buckets.map { Int64($0.number) }))]
    }
}
