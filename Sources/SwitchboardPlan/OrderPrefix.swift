import SwitchboardModel

/// The start of a key's place in its order, in two words: keys whose prefixes differ are in the
/// order of their prefixes; keys of equal prefixes are compared themselves. Sorting a first plan's
/// million route keys by comparing the keys retained and released their strings at every step
/// (a sixth of planning them); most comparisons are now of two integers.
struct OrderPrefix: Comparable {
    var high: UInt64
    var low: UInt64

    /// No order at all: every key of the type is compared itself.
    static let none = OrderPrefix(high: 0, low: 0)

    static func < (a: OrderPrefix, b: OrderPrefix) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// An integer's place: its sign bit flipped, so that negative numbers come first.
    init(_ value: Int64, then low: UInt64 = 0) {
        high = UInt64(bitPattern: value) ^ (1 << 63)
        self.low = low
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// `lead` in the top byte, then the first 15 bytes of `text`, big-endian, zeros past its end:
    /// the order of byte-wise comparison (a shorter text, a prefix of a longer one, comes first).
    init(lead: UInt8, bytesOf text: String) {
        var text = text
        (high, low) = text.withUTF8 { bytes in
            var words: (UInt64, UInt64) = (UInt64(lead), 0)
            for index in 0..<7 { words.0 = words.0 << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            for index in 7..<15 { words.1 = words.1 << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return words
        }
    }
}

/// A key with an `OrderPrefix`: if `a.orderPrefix < b.orderPrefix`, then `a < b`.
protocol OrderPrefixed: Comparable {
    var orderPrefix: OrderPrefix { get }
}

extension Int64: OrderPrefixed {
    var orderPrefix: OrderPrefix { OrderPrefix(self) }
}

/// Account labels and workflow slugs are few, and `String`'s order is Unicode's (canonically
/// equivalent texts are equal), not their bytes': they are compared themselves.
extension String: OrderPrefixed {
    var orderPrefix: OrderPrefix { .none }
}

extension Array where Element: OrderPrefixed {
    /// The positions of the elements in ascending order (equal ones in the order they have), and
    /// the prefix of each, in that order.
    func positionsInOrder() -> (positions: [Int], prefixes: [OrderPrefix]) {
        var entries: [(prefix: OrderPrefix, position: Int)] = []
        entries.reserveCapacity(count)
        for position in indices { entries.append((self[position].orderPrefix, position)) }
        withUnsafeBufferPointer { keys in
            entries.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                if keys[a.position] < keys[b.position] { return true }
                if keys[b.position] < keys[a.position] { return false }
                return a.position < b.position
            }
        }
        return (entries.map(\.position), entries.map(\.prefix))
    }
}
