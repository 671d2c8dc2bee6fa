import SwitchboardModel
import SwitchboardPlan

/// PostgreSQL's SQL for ownership (`OwnershipLedger`, `StateReader`): buckets as `TEXT[]`, read
/// whole (`PostgresTextArray`), written with one DELETE and one COPY; facts deleted with arrays
/// bound as one parameter each, written with a COPY.
extension PostgresConnection {
    public func ownedBucketsQuery(inBuckets buckets: [OwnershipBucket]?, wholeKinds: [ResourceKind]) -> (String, [SQLValue]) {
        let select = "SELECT o.kind, o.keys FROM switchboard_ownership o"
        // Two selects joined, so that each uses the primary key (an OR reads every bucket).
        guard let buckets else { return (select, []) }
        return ("\(select) WHERE (o.kind, o.bucket) IN (SELECT * FROM unnest($1::text[], $2::integer[])) UNION ALL \(select) WHERE o.kind = ANY($3::text[])",
                Self.bucketArrays(buckets) + [.text(Self.arrayLiteral(wholeKinds.map(\.rawValue)))])
    }

    public func forEachStoredKey(in keys: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try PostgresTextArray.forEach(in: keys, body)
    }

    public func rowFactsQuery(of keys: [ManagedKey]?, wholeKinds: [ResourceKind]) -> (String, [SQLValue]) {
        let select = "SELECT kind, key, protected, secret_refs FROM switchboard_row_facts"
        guard let keys else { return (select, []) }
        return ("\(select) WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) UNION ALL \(select) WHERE kind = ANY($3::text[])",
                [.text(Self.arrayLiteral(keys.map(\.kind.rawValue))), .text(Self.arrayLiteral(keys.map(\.key))),
                 .text(Self.arrayLiteral(wholeKinds.map(\.rawValue)))])
    }

    public func replaceOwnership(_ buckets: [(OwnershipBucket, [String])], prepared: [OwnershipBucket: String], revision: String?) throws {
        guard !buckets.isEmpty else { return }
        try run("DELETE FROM switchboard_ownership WHERE (kind, bucket) IN (SELECT * FROM unnest($1::text[], $2::integer[]))",
                Self.bucketArrays(buckets.map(\.0)))
        // In pieces: the server stores a piece's arrays while the next piece's are written out (a
        // first apply of 100,000 routes made all of its arrays, 20 ms, before the COPY began).
        var rest = buckets[...]
        try copy(into: "switchboard_ownership", columns: ["kind", "bucket", "keys", "revision"]) {
            guard !rest.isEmpty else { return nil }
            defer { rest = rest.dropFirst(Self.bucketsPerPiece) }
            return OwnershipBucket.rows(rest.prefix(Self.bucketsPerPiece), prepared: prepared, revision: revision,
                                        stored: Self.arrayLiteral)
        }
    }

    private static let bucketsPerPiece = 128

    public func recordFacts(_ facts: [RowFactsUpdate]) throws {
        guard !facts.isEmpty else { return }
        try run("""
            DELETE FROM switchboard_row_facts f USING unnest($1::text[], $2::text[]) AS d(kind, key)
            WHERE f.kind = d.kind AND f.key = d.key
            """, [.text(Self.arrayLiteral(facts.map(\.key.kind.rawValue))), .text(Self.arrayLiteral(facts.map(\.key.key)))])
        // COPY: an INSERT from four unnested arrays took 25 ms for the 5,000 facts of a first apply.
        try copy(into: "switchboard_row_facts", columns: ["kind", "key", "protected", "secret_refs"], rows: facts.compactMap { update in
            update.facts == .none ? nil : [.text(update.key.kind.rawValue), .text(update.key.key), .bool(update.facts.isProtected),
                                           SQLValue(RowFactsCoding.json(update.facts.secretReferences))]
        })
    }

    private static func bucketArrays(_ buckets: [OwnershipBucket]) -> [SQLValue] {
        [.text(arrayLiteral(buckets.map(\.kind.rawValue))), .text(arrayLiteral(buckets.map { Int64($0.number) }))]
    }
}
