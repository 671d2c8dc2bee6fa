import SwitchboardModel
import SwitchboardPlan

/// Where `switchboard_ownership` records a managed row: one database row per kind and bucket holds
/// the keys of that bucket, instead of one row per managed row. The first reconcile of 100,000
/// routes wrote 120,000 records in 0.35 s of PostgreSQL's time; it writes about 3,000 buckets in 0.05 s.
public struct OwnershipBucket: Hashable, Sendable, Comparable {
    /// Buckets per kind: about 100 keys each at 100,000 routes, 1,000 at a million (a daemon's
    /// one-route edit rewrites one bucket).
    public static let count: UInt32 = 1024

    public var kind: ResourceKind
    public var number: Int

    public init(kind: ResourceKind, number: Int) {
        self.kind = kind
        self.number = number
    }

    public static func < (a: OwnershipBucket, b: OwnershipBucket) -> Bool {
        a.kind != b.kind ? a.kind < b.kind : a.number < b.number
    }
}

extension ManagedKey {
    /// FNV-1a (32 bits) of the key's UTF-8 bytes, modulo `OwnershipBucket.count`: stable across
    /// processes and versions (Swift's `hashValue` is seeded per process), so it must never change.
    public var bucket: OwnershipBucket {
        var hash: UInt32 = 2_166_136_261
        forEachKeyByte { byte in
            hash ^= UInt32(byte)
            hash &*= 16_777_619
        }
        return OwnershipBucket(kind: kind, number: Int(hash % OwnershipBucket.count))
    }
}

extension OwnershipBucket {
    /// The `switchboard_ownership` rows of these buckets (kind, bucket, its keys as `stored` writes
    /// them, revision), empty buckets left out. Each half is made on a core: most of writing the
    /// keys is reading them, scattered in memory (a first apply's 120,000 keys at 100,000 routes
    /// took 22 ms on the writing core; 1.2 million at a million kept it busy 0.5 s). A bucket
    /// `prepared` already (`OwnershipChange.storedAdded`) is taken as it is.
    static func rows(_ buckets: ArraySlice<(OwnershipBucket, [String])>, prepared: [OwnershipBucket: String], revision: String?,
                     stored: ([String]) -> String) -> [[SQLValue]] {
        func rows(_ part: ArraySlice<(OwnershipBucket, [String])>) -> [[SQLValue]] {
            part.compactMap { bucket, keys in
                keys.isEmpty ? nil : [.text(bucket.kind.rawValue), .integer(Int64(bucket.number)), .text(prepared[bucket] ?? stored(keys)),
                                      SQLValue(revision)]
            }
        }
        let half = buckets.startIndex + buckets.count / 2
        let (front, back) = inParallel({ rows(buckets[..<half]) }, { rows(buckets[half...]) })
        return front + back
    }
}
