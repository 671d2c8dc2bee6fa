import SwitchboardModel

/// The planner's channel rows in parts by tenant, paired on both cores among the routes' parts:
/// paired in one walk, the 100,000 channels of a million routes (each setting compared) kept one
/// core busy alone for the last 0.15 s of a no-op plan's pairing.
struct ChannelParts {
    /// One part below 20,000 rows (desired and live together), else 8: parts small enough that
    /// the last one does not keep one core busy long after the other is done.
    static func partCount(desired: Int, live: Int) -> Int { desired + live < 20_000 ? 1 : 8 }

    /// The positions of each part's rows, on each side, in the rows' order.
    let desired: [[Int]]
    let live: [[Int]]

    var count: Int { desired.count }

    /// A tenant's channels are all in one part: a key's rows, on either side, are paired together.
    init(desired desiredRows: [ChannelConfiguration], live liveRows: [ChannelConfiguration], parts: Int) {
        func positions(_ rows: [ChannelConfiguration]) -> [[Int]] {
            var positions = Array(repeating: [Int](), count: parts)
            for index in rows.indices {
                positions[Int(UInt64(bitPattern: rows[index].tenantID) % UInt64(parts))].append(index)
            }
            return positions
        }
        desired = positions(desiredRows)
        live = positions(liveRows)
    }
}
