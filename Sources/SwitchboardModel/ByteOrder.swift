#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension String {
    /// Whether this string sorts before `other` in byte order of their UTF-8 (the order of sorted
    /// paths, keys and plans). Reads the contiguous bytes: `utf8.lexicographicallyPrecedes` steps an
    /// iterator per byte, a tenth of sorting 100,000 paths or a million route keys.
    @inlinable
    public func precedesInByteOrder(_ other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = Swift.min(a.count, b.count)
                // memcmp compares a word at a time: sorted paths share a long prefix.
                if common > 0, let left = a.baseAddress, let right = b.baseAddress {
                    let order = memcmp(left, right, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }
}
