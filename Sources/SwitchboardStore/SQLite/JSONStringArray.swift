/// `["a","b"]`, SQLite's form of an ownership bucket's keys (`SQLiteConnection.jsonArray` writes
/// it), read in place: `json_each` made a row of each of a million keys, 0.2 s of SQLite's time
/// before each row reached switchboard.
enum JSONStringArray {
    /// Calls `body` with the UTF-8 of each string of the array, unescaped; throws on anything but
    /// a JSON array of strings.
    static func forEach(in json: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var cursor = JSONCursor(json)
        guard cursor.skip(UInt8(ascii: "[")) else { throw malformed }
        if cursor.skip(UInt8(ascii: "]")) {
            guard cursor.isAtEnd() else { throw malformed }
            return
        }
        var unescaped: [UInt8] = []
        while true {
            guard cursor.skip(UInt8(ascii: "\"")), let (string, escaped) = cursor.stringBody() else { throw malformed }
            if escaped {
                unescaped.removeAll(keepingCapacity: true)
                try unescape(string, into: &unescaped)
                try unescaped.withUnsafeBufferPointer(body)
            } else {
                try body(string)
            }
            if cursor.skip(UInt8(ascii: ",")) { continue }
            guard cursor.skip(UInt8(ascii: "]")), cursor.isAtEnd() else { throw malformed }
            return
        }
    }

    static let malformed = DatabaseError("switchboard_ownership holds keys that are not a JSON array of strings")

    /// A string's body with its escapes (`\"`, `\n`, `\u00e9`, surrogate pairs) replaced by their UTF-8.
    private static func unescape(_ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) throws {
        var index = 0
        func hex4() throws -> UInt32 {
            guard index + 4 <= body.count else { throw malformed }
            var value: UInt32 = 0
            for byte in body[index..<(index + 4)] {
                guard let digit = Character(UnicodeScalar(byte)).hexDigitValue else { throw malformed }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
        while index < body.count {
            let byte = body[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard index < body.count else { throw malformed }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    // A high surrogate: its low half must follow as `\uDC00`…`\uDFFF`.
                    guard index + 2 <= body.count, body[index] == UInt8(ascii: "\\"), body[index + 1] == UInt8(ascii: "u") else { throw malformed }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw malformed }
                    code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw malformed }
                UTF8.encode(scalar) { out.append($0) }
            default:
                throw malformed
            }
        }
    }
}
