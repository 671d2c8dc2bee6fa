/// A version 4 UUID (RFC 9562: 122 random bits, from the system's secure generator), in lower
/// case as PostgreSQL's `gen_random_uuid()` and the platform's SQLite default write it: the ids
/// of the rows switchboard creates where the platform's schema gives them one (`TableShape.newRowUUID`).
enum RandomUUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func text() -> String {
        var generator = SystemRandomNumberGenerator()
        // Bytes 0–7 and 8–15, big-endian: the version is byte 6's high nibble, the variant (10)
        // byte 8's two high bits.
        let high = (generator.next() as UInt64) & ~0xF000 | 0x4000
        let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var count = 0
            func write(_ value: UInt64, nibbles: ClosedRange<Int>) {
                for nibble in nibbles.reversed() {
                    buffer[count] = hexDigits[Int(value >> UInt64(4 * nibble) & 0xF)]
                    count += 1
                }
            }
            // 8-4-4-4-12 hex digits.
            write(high, nibbles: 8...15)
            buffer[count] = UInt8(ascii: "-"); count += 1
            write(high, nibbles: 4...7)
            buffer[count] = UInt8(ascii: "-"); count += 1
            write(high, nibbles: 0...3)
            buffer[count] = UInt8(ascii: "-"); count += 1
            write(low, nibbles: 12...15)
            buffer[count] = UInt8(ascii: "-"); count += 1
            write(low, nibbles: 0...11)
            return count
        }
    }
}
