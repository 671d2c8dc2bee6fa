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
                "'\(original)' is a national number: write it in E.164 (+<country code>…) or set defaultCountryCode in switchboard.yaml"
            case .notE164(let original, let normalised):
                original == normalised
                    ? "'\(original)' is not an E.164 number (+ then 7 to 15 digits, the first not 0)"
                    : "'\(original)' (read as '\(normalised)') is not an E.164 number (+ then 7 to 15 digits, the first not 0)"
            }
        }
    }

    /// Separators people type between digit groups.
    private static let separators: Set<Unicode.Scalar> = [
        " ", "\u{00A0}", "\u{202F}", "\u{2009}", "\t", ".", "-", "(", ")",
    ]

    /// - Parameter defaultCountryCode: digits without `+` (e.g. "33"), used for national numbers.
    public static func normalise(_ raw: String, defaultCountryCode: String? = nil) -> Result<String, Problem> {
        var text = Substring(raw.trimmingWhitespace())
        for prefix in ["whatsapp:", "tel:"] where text.lowercased().hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            break
        }
        var number = String(text.trimmingWhitespace())
        // `+33 (0)1 23 45 67 89`: the (0) is the national trunk prefix, dialled only from inside the country.
        if number.hasPrefix("+") || number.hasPrefix("00") {
            number = number.replacingAll("(0)", with: "")
        }
        number = String(String.UnicodeScalarView(number.unicodeScalars.filter { !separators.contains($0) }))

        if number.hasPrefix("00") {
            number = "+" + number.dropFirst(2)
        } else if number.hasPrefix("0"), number.count > 1 {
            guard let countryCode = defaultCountryCode else {
                return .failure(.nationalNumberWithoutCountryCode(raw))
            }
            number = "+" + countryCode + number.dropFirst()
        }
        guard isE164(number) else { return .failure(.notE164(original: raw, normalised: number)) }
        return .success(number)
    }

    /// `^\+[1-9][0-9]{6,14}$`
    public static func isE164(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
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

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        guard let first = target.first else { return nil }
        var index = startIndex
        while let candidate = self[index...].firstIndex(of: first) {
            if self[candidate...].hasPrefix(target) {
                return candidate..<self.index(candidate, offsetBy: target.count)
            }
            index = self.index(after: candidate)
        }
        return nil
    }
}
