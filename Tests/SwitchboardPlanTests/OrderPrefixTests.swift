import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// Keys sorted by their prefixes (`positionsInOrder`) are in the order `<` gives them, whatever the
/// keys: the prefix decides only where it differs, the keys themselves where it ties.
struct OrderPrefixTests {
    /// Keys that tie on their first 15 bytes, prefixes of one another, bytes past 0x7F and NUL
    /// (a web key written `"\0"` in a double-quoted YAML string), empty, every channel.
    static let texts: [String] = {
        let long = "widget-key-tenant-0000"
        var texts = ["", "\0", "\0\0", "a", "a\0", "a\0b", "ab", "b", "é", "e\u{301}", "ÿ", "\u{7F}", "+33600000000",
                     "+336000000000", "+3360000000000", "+33600000000000", "+336000000000000", "+3360000000000000"]
        for suffix in ["", "0", "1", "00", "10", "\0", "é"] { texts += [long + suffix, String(long.prefix(15)) + suffix] }
        for length in 13...17 { texts.append(String(repeating: "9", count: length)) }
        return texts
    }()

    @Test func routeKeysSortAsTheirOrderSaysIncludingEqualOnes() {
        var keys: [RouteKey] = []
        for channel in RouteChannel.allCases { keys += Self.texts.map { RouteKey(channel: channel, key: $0) } }
        keys += keys.reversed()
        expectSortedAsByLessThan(keys)
    }

    @Test func tenantIDsAndChannelKeysSortAsTheirOrderSays() {
        let ids: [Int64] = [.min, .min + 1, -1_000_000_000_000, -2, -1, 0, 1, 2, 42, 1 << 32, .max - 1, .max, 0, -1, 42]
        expectSortedAsByLessThan(ids)
        expectSortedAsByLessThan(ids.flatMap { id in ChannelType.allCases.reversed().map { ChannelKey(tenantID: id, type: $0) } })
    }

    @Test func textsAreComparedThemselves() {
        expectSortedAsByLessThan(Self.texts + Self.texts.reversed())
    }

    /// In every order the keys are given: the positions are those of a stable sort by `<`.
    private func expectSortedAsByLessThan<Key: OrderPrefixed>(_ keys: [Key]) {
        var generator = SeededGenerator(seed: 7)
        for round in 0..<20 {
            let given = round == 0 ? keys : keys.shuffled(using: &generator)
            let (positions, prefixes) = given.positionsInOrder()
            let expected = given.indices.sorted { given[$0] < given[$1] || (!(given[$1] < given[$0]) && $0 < $1) }
            #expect(positions == expected)
            #expect(prefixes == positions.map { given[$0].orderPrefix })
        }
    }
}

/// A generator that gives the same shuffles at every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
