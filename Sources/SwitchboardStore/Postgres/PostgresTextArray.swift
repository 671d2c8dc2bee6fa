/// `{a,b,"c d"}`, PostgreSQL's text form of a `TEXT[]` (an ownership bucket's keys), read in
/// place: `unnest` sent a row of each of a million keys, each parsed by libpq and stepped
/// through by switchboard.
enum PostgresTextArray {
    /// Calls `body` with the UTF-8 of each element, unescaped, skipping NULLs; throws on anything
    /// but a one-dimensional array as PostgreSQL writes it (`array_out`).
    static func forEach(in written: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        // `[0:2]={…}`: bounds other than 1, as `keys[0] = …` by hand leaves them.
        var text = written
        if text.first == UInt8(ascii: "["), let equals = text.firstIndex(of: UInt8(ascii: "=")),
           text[..<equals].allSatisfy({ $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: ":")
                                        || $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            text = UnsafeBufferPointer(rebasing: text[(equals + 1)...])
        }
        guard text.count >= 2, text.first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else { throw malformed }
        let end = text.count - 1
        guard end > 1 else { return }
        var index = 1
        var unescaped: [UInt8] = []
        while true {
            if text[index] == UInt8(ascii: "\"") {
                // Quoted: `\` escapes the next byte (a quote or a backslash).
                index += 1
                unescaped.removeAll(keepingCapacity: true)
                while index < end, text[index] != UInt8(ascii: "\"") {
                    if text[index] == UInt8(ascii: "\\") { index += 1 }
                    guard index < end else { throw malformed }
                    unescaped.append(text[index])
                    index += 1
                }
                guard index < end else { throw malformed }
                index += 1
                try unescaped.withUnsafeBufferPointer(body)
            } else {
                // Unquoted: never empty, no space, quote, backslash or brace (those are quoted).
                let start = index
                while index < end, text[index] != UInt8(ascii: ",") {
                    switch text[index] {
                    case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: "\\"): throw malformed
                    default: index += 1
                    }
                }
                let element = UnsafeBufferPointer(rebasing: text[start..<index])
                guard !element.isEmpty else { throw malformed }
                if !isNull(element) { try body(element) }
            }
            if index == end { return }
            guard text[index] == UInt8(ascii: ","), index + 1 < end else { throw malformed }
            index += 1
        }
    }

    static let malformed = DatabaseError("switchboard_ownership holds keys that are not a PostgreSQL text array")

    /// `NULL` in any case, unquoted: a null element (a key `NULL` is written quoted).
    private static func isNull(_ element: UnsafeBufferPointer<UInt8>) -> Bool {
        element.count == 4 && String(decoding: element, as: UTF8.self).uppercased() == "NULL"
    }
}
