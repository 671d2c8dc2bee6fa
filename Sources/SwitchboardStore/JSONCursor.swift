/// A place in JSON text's bytes, for the store's quick readers of the JSON it writes
/// (`JSONStringArray`, `SettingsJSON`, `RowFactsCoding`): the space between tokens skipped, a
/// one-byte token or a string's body read at a time.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Whether `byte` comes next (after any space); if so, it is read.
    mutating func skip(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Whether only space is left.
    mutating func isAtEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// After a string's opening quote: the bytes up to its closing quote, which is read, and
    /// whether any is escaped; nil when it is not closed or holds a control character.
    mutating func stringBody() -> (body: UnsafeBufferPointer<UInt8>, escaped: Bool)? {
        let start = index
        var escaped = false
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] >= 0x20 else { return nil }
            if bytes[index] == UInt8(ascii: "\\") {
                escaped = true
                index += 1
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        index += 1
        return (UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), escaped)
    }

    /// A string without escapes, in valid UTF-8.
    mutating func string() -> String? {
        guard skip(UInt8(ascii: "\"")), let (body, escaped) = stringBody(), !escaped else { return nil }
        return body.allSatisfy { $0 < 0x80 } ? String(decoding: body, as: UTF8.self) : String(validating: body, as: UTF8.self)
    }
}
