/// E.164 normalisation of phone keys, as the platform stores them (`+` then 7 to 15 digits).
///
/// Accepts what people paste: spaces (also non-breaking), dots, dashes and parentheses, a `tel:` or
/// `whatsapp:` prefix, `00` for `+`, the national trunk prefix `(0)` written after a country code,
/// and a national number with one leading `0` when a default country code is known.
public enum PhoneNumber {
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// A national number (leading 0) and no `defaultCountryCode` to complete it.
        case nationalNumberWithoutCountryCode(String)
        /// Not `+` then 7 to 15 digits, the first not 0, after normalisation.
        case notE164(original: String, normalised: String)

        public var description: String {
            switch self {
            case .nationalNumberWithoutCountryCode(let original):
                "\(Excerpt.quoted(original)) is a national number: write it in E.164 (+<country code>…) or set defaultCountryCode in switchboard.yaml"
            case .notE164(let original, let normalised):
                original == normalised
                    ? "\(Excerpt.quoted(original)) is not an E.164 number (+ then 7 to 15 digits, the first not 0)"
                    : "\(Excerpt.quoted(original)) (read as \(Excerpt.quoted(normalised))) is not an E.164 number (+ then 7 to 15 digits, the first not 0)"
            }
        }
    }

    /// - Parameter defaultCountryCode: digits without `+` (e.g. "33"), used for national numbers.
    ///
    /// One pass over the UTF-8 bytes: this runs for every route of every file (100,000 in the
    /// benchmark corpus), and working on `Character`s made it a third of `validate`'s time.
    public static func normalise(_ raw: String, defaultCountryCode: String? = nil) -> Result<String, Problem> {
        let bytes = Array(raw.utf8)
        var index = skipSeparators(bytes, from: 0)
        for prefix in ["whatsapp:", "tel:"] where hasPrefix(bytes, at: index, caseInsensitive: prefix) {
            index = skipSeparators(bytes, from: index + prefix.utf8.count)
            break
        }
        let plus = UInt8(ascii: "+"), zero = UInt8(ascii: "0")
        let isInternational = index < bytes.count
            && (bytes[index] == plus || (index + 1 < bytes.count && bytes[index] == zero && bytes[index + 1] == zero))

        var number: [UInt8] = []
        number.reserveCapacity(bytes.count)
        while index < bytes.count {
            // `+33 (0)1 23 45 67 89`: the (0) is the national trunk prefix, dialled only from inside the country.
            if isInternational, bytes[index] == UInt8(ascii: "("), index + 2 < bytes.count,
               bytes[index + 1] == zero, bytes[index + 2] == UInt8(ascii: ")") {
                index += 3
                continue
            }
            let width = separatorWidth(bytes, at: index)
            if width > 0 {
                index += width
                continue
            }
            number.append(bytes[index])
            index += 1
        }

        if number.count >= 2, number[0] == zero, number[1] == zero {
            number.replaceSubrange(0..<2, with: [plus])
        } else if number.count > 1, number[0] == zero {
            guard let countryCode = defaultCountryCode else {
                return .failure(.nationalNumberWithoutCountryCode(raw))
            }
            number.replaceSubrange(0..<1, with: [plus] + Array(countryCode.utf8))
        }
        let normalised = String(decoding: number, as: UTF8.self)
        guard isE164(number) else { return .failure(.notE164(original: raw, normalised: normalised)) }
        return .success(normalised)
    }

    /// Bytes of the separator at `index` (spaces, also no-break and thin ones, dots, dashes,
    /// parentheses), or 0 when there is none.
    private static func separatorWidth(_ bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"):
            return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:  // U+00A0 no-break space
            return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xAF || bytes[index + 2] == 0x89):        // U+202F, U+2009
            return 3
        default:
            return 0
        }
    }

    /// Leading white space only (a dot or dash before a prefix is not white space).
    private static func skipSeparators(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let width = separatorWidth(bytes, at: index)
            guard width > 0, bytes[index] != UInt8(ascii: "."), bytes[index] != UInt8(ascii: "-"),
                  bytes[index] != UInt8(ascii: "("), bytes[index] != UInt8(ascii: ")") else { break }
            index += width
        }
        return index
    }

    private static func hasPrefix(_ bytes: [UInt8], at index: Int, caseInsensitive prefix: String) -> Bool {
        let prefixBytes = Array(prefix.utf8)
        guard bytes.count - index >= prefixBytes.count else { return false }
        for (offset, expected) in prefixBytes.enumerated() {
            let byte = bytes[index + offset]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            if lowered != expected { return false }
        }
        return true
    }

    public static func isE164(_ number: String) -> Bool { isE164(Array(number.utf8)) }

    /// `^\+[1-9][0-9]{6,14}$`
    static func isE164(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8, bytes.count <= 16, bytes[0] == UInt8(ascii: "+") else { return false }
        guard bytes[1] >= UInt8(ascii: "1"), bytes[1] <= UInt8(ascii: "9") else { return false }
        return bytes.dropFirst(2).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// A country calling code as `defaultCountryCode` takes it: 1 to 3 digits, the first not 0.
    public static func isCountryCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (1...3).contains(bytes.count), bytes[0] != UInt8(ascii: "0") else { return false }
        return bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
