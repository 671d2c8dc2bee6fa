/// Phone keys as the platform stores them: E.164, read by libphonenumber's rules and metadata
/// (DESIGN §1 "Phone keys").
///
/// Accepts what people paste: spaces (also non-breaking and thin), dots, dashes, slashes and
/// parentheses, a `tel:` (RFC 3966) or `whatsapp:` prefix, `+` or the region's international
/// dialling prefix (`00`, `011`, `0011`…), and a national number read by its region's rules: the
/// national prefix removed only where the region drops it (FR `0`, HU `06`, RU `8`; Italy keeps its
/// 0; Argentina's mobile `15` becomes `9`). The result must be a valid number of its region
/// (possible length and number patterns): a number that can never be dialled is refused.
public enum PhoneNumber {
    /// A number read: its key, and which region's number it is.
    public struct Parsed: Hashable, Sendable {
        /// `+` and digits.
        public var e164: String
        /// The region whose number it is (`FR`, `001` for +800 and the other non-geographic codes).
        public var region: String
        /// Set when the number was written the national way: the region whose rules completed it.
        public var completedAs: String?
    }

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// No `+`, no international prefix, and no region to read a national number by.
        case nationalWithoutRegion(String)
        /// A character that is neither a digit nor a separator (a letter, `*`, an extension).
        case notANumber(String)
        /// Longer than any written phone number (libphonenumber's bound), before reading it.
        case tooLongToRead(String)
        case unknownCountryCode(String, code: String)
        /// Shorter, longer, or of a length between those its region has.
        case length(String, e164: String, region: String, countryCode: String, lengths: [Int], tooShort: Bool?)
        /// The right length, but no number of the region is like it.
        case invalid(String, e164: String, region: String)

        public var description: String {
            switch self {
            case .nationalWithoutRegion(let original):
                "\(Excerpt.quoted(original)) is a national number: write it in E.164 (+<country code>…), or set the tenant's country (or defaultRegion in switchboard.yaml)"
            case .notANumber(let original):
                "\(Excerpt.quoted(original)) is not a phone number (digits and separators only, no letter nor extension)"
            case .tooLongToRead(let original):
                "\(Excerpt.quoted(original)) is too long to be a phone number (at most \(PhoneNumber.longestInput) characters)"
            case .unknownCountryCode(let original, let code):
                "\(Excerpt.quoted(original)) has no country calling code (+\(code)… is none)"
            case .length(let original, let e164, let region, let code, let lengths, let tooShort):
                "\(Excerpt.quoted(original))\(Self.readAs(original, e164)) is \(tooShort.map { $0 ? "too short" : "too long" } ?? "of no length") for \(region) (\(Self.lengths(lengths)) digits after +\(code))"
            case .invalid(let original, let e164, let region):
                "\(Excerpt.quoted(original))\(Self.readAs(original, e164)) is not a valid \(region) number: no \(region) number can start like that"
            }
        }

        private static func readAs(_ original: String, _ e164: String) -> String {
            original == e164 ? "" : " (read as \(e164))"
        }

        /// `9`, `9 or 10`, `5 to 12`.
        private static func lengths(_ lengths: [Int]) -> String {
            guard let first = lengths.first, let last = lengths.last else { return "?" }
            if first == last { return "\(first)" }
            if lengths.count == 2 { return "\(first) or \(last)" }
            return lengths.count == last - first + 1 ? "\(first) to \(last)" : lengths.map(String.init).joined(separator: ", ")
        }
    }

    /// Reads `raw` by libphonenumber's rules, with `region` (ISO 3166-1 alpha-2) for a national number.
    /// libphonenumber reads no more characters than this: matching costs grow with the input, and
    /// no written number comes near it.
    public static let longestInput = 250

    public static func parse(_ raw: String, region: String? = nil) -> Result<Parsed, Problem> {
        guard raw.utf8.count <= longestInput else { return .failure(.tooLongToRead(raw)) }
        let catalogue = PhoneMetadata.catalogue
        guard let (hasPlus, digits) = extract(raw) else { return .failure(.notANumber(raw)) }
        let home = region.flatMap { catalogue.regions[$0] }

        var countryCode: String?
        var national = digits
        // The calling code as a number, once known: what the catalogue is indexed by.
        var codeNumber = 0
        var completedAs: String?
        if hasPlus {
            countryCode = ""
        } else if let home, let idd = home.internationalPrefix, let match = idd.matchAtStart(digits),
                  match.end < digits.count, digits[match.end] != 0 {
            // The region's international prefix (a country calling code never starts with 0).
            national = Array(digits[match.end...])
            countryCode = ""
        } else if home == nil {
            // No region: only `00`, the most common international prefix, makes it international.
            guard digits.count > 2, digits[0] == 0, digits[1] == 0 else { return .failure(.nationalWithoutRegion(raw)) }
            national = Array(digits[2...])
            countryCode = ""
        }
        if countryCode != nil {
            guard let (code, rest) = splitCountryCode(national, catalogue) else {
                return .failure(.unknownCountryCode(raw, code: String(decoding: national.prefix(3).map { $0 + 48 }, as: UTF8.self)))
            }
            countryCode = String(code)
            codeNumber = code
            national = rest
        } else if let home {
            // A national number, unless it starts with the region's own calling code and reads
            // better without it (`33 6 12 34 56 78` in FR).
            countryCode = home.countryCode
            codeNumber = home.countryCodeNumber
            completedAs = home.region
            let code = home.countryCodeDigits
            if digits.starts(with: code) {
                let stripped = stripNationalPrefix(Array(digits[code.count...]), home)
                if (!home.general.pattern.matchesWhole(digits) && home.general.pattern.matchesWhole(stripped))
                    || lengthCheck(digits, home) == .tooLong {
                    national = stripped
                    completedAs = nil
                }
            }
        }
        guard let countryCode else { return .failure(.nationalWithoutRegion(raw)) }

        // The national prefix, by the rules of the region the number is read in.
        let main = catalogue.metadata(forCode: codeNumber)
        let metadata = completedAs != nil ? home : main
        if let metadata {
            let stripped = stripNationalPrefix(national, metadata)
            switch lengthCheck(stripped, metadata) {
            case .tooShort, .localOnly, .invalidLength: break
            default: national = stripped
            }
        }
        let e164 = e164(countryCode: countryCode, national: national)
        guard national.count >= 2, national.count <= 17, let main else {
            return .failure(.length(raw, e164: e164, region: main?.region ?? "+\(countryCode)", countryCode: countryCode,
                                    lengths: main?.possibleLengths ?? [], tooShort: national.count < 2))
        }
        guard let owner = regionOf(national, codeNumber: codeNumber, catalogue), owner.isValid(national) else {
            switch lengthCheck(national, main) {
            case .tooShort: return .failure(.length(raw, e164: e164, region: main.region, countryCode: countryCode, lengths: main.possibleLengths, tooShort: true))
            case .tooLong: return .failure(.length(raw, e164: e164, region: main.region, countryCode: countryCode, lengths: main.possibleLengths, tooShort: false))
            case .invalidLength, .localOnly: return .failure(.length(raw, e164: e164, region: main.region, countryCode: countryCode, lengths: main.possibleLengths, tooShort: nil))
            case .possible: return .failure(.invalid(raw, e164: e164, region: main.region))
            }
        }
        return .success(Parsed(e164: e164, region: owner.region, completedAs: completedAs))
    }

    /// The key of `raw`, or why there is none.
    public static func normalise(_ raw: String, region: String? = nil) -> Result<String, Problem> {
        parse(raw, region: region).map(\.e164)
    }

    /// Whether a stored key is a valid number in E.164 (brownfield rows are checked with this).
    public static func isValid(e164 key: String) -> Bool {
        guard key.hasPrefix("+"), case .success(let parsed) = parse(key) else { return false }
        return parsed.e164 == key
    }

    /// Compiles libphonenumber's metadata now rather than at the first number read: the loader
    /// calls it on another core while it lists the folder, so its loading threads do not all wait
    /// on the compile (about 25 ms, a twentieth of loading 100,000 routes).
    public static func prepareMetadata() { _ = PhoneMetadata.catalogue }

    /// Whether `region` is a region of libphonenumber's metadata (ISO 3166-1 alpha-2, upper case).
    public static func isRegion(_ region: String) -> Bool { PhoneMetadata.catalogue.regions[region] != nil }

    /// The main region of a calling code (`33` → `FR`, `1` → `US`), for `defaultCountryCode`.
    public static func mainRegion(forCountryCode code: String) -> String? {
        PhoneMetadata.catalogue.regionsByCode[code]?.first.flatMap { $0 == "001" ? nil : $0 }
    }

    // MARK: - Steps

    /// Whether it starts with `+`, and its digits (values 0…9); nil for anything but digits and
    /// separators. `tel:` / `whatsapp:` are dropped, and an RFC 3966 `;parameter` tail.
    public static func extract(_ raw: String) -> (hasPlus: Bool, digits: [UInt8])? {
        // Read in place: a copy of the bytes, and of each prefix to compare, was most of
        // extracting a number (the loader reads a million).
        var raw = raw
        return raw.withUTF8(extract(bytes:))
    }

    private static func extract(bytes: UnsafeBufferPointer<UInt8>) -> (hasPlus: Bool, digits: [UInt8])? {
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        for prefix in uriPrefixes where hasPrefix(bytes, at: index, caseInsensitive: prefix) {
            index += prefix.count
            break
        }
        var hasPlus = false
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count)
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
                index += 1
            } else if byte == UInt8(ascii: "+"), digits.isEmpty, !hasPlus {
                hasPlus = true
                index += 1
            } else if byte == UInt8(ascii: ";"), !digits.isEmpty {
                break  // RFC 3966 parameters (`;phone-context=…`)
            } else if let width = separatorWidth(bytes, at: index) {
                index += width
            } else {
                return nil
            }
        }
        return digits.isEmpty ? nil : (hasPlus, digits)
    }

    /// `whatsapp:` and `tel:` (RFC 3966), in lower case: what a pasted number may start with.
    private static let uriPrefixes = ["whatsapp:", "tel:"].map { Array($0.utf8) }

    /// Bytes of the separator at `index`: white space (also no-break and thin), `.`, `-`, `/`,
    /// parentheses and brackets, Unicode dashes; nil when it is none.
    private static func separatorWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        switch bytes[index] {
        case 0x20, 0x09, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"):
            return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:  // U+00A0 no-break space
            return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xAF || bytes[index + 2] == 0x89 || (0x90...0x95).contains(bytes[index + 2])):
            return 3  // U+202F, U+2009, U+2010…2015 dashes
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x88 && bytes[index + 2] == 0x92:
            return 3  // U+2212 minus sign
        default:
            return nil
        }
    }

    /// Whether `prefix` (lower case) is at `index`, whatever the case of the letters there.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, caseInsensitive prefix: [UInt8]) -> Bool {
        guard bytes.count - index >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() {
            let byte = bytes[index + offset]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            if lowered != expected { return false }
        }
        return true
    }

    /// `+`, the calling code, the national number's digits: written in place, not joined from
    /// three strings (most keys fit in a string without storage).
    private static func e164(countryCode: String, national: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: 1 + countryCode.utf8.count + national.count) { buffer in
            buffer[0] = UInt8(ascii: "+")
            var count = 1
            for byte in countryCode.utf8 {
                buffer[count] = byte
                count += 1
            }
            for digit in national {
                buffer[count] = digit + UInt8(ascii: "0")
                count += 1
            }
            return count
        }
    }

    /// The calling code at the start (1 to 3 digits, the first that exists) and the rest.
    private static func splitCountryCode(_ digits: [UInt8], _ catalogue: PhoneMetadata.Catalogue) -> (Int, [UInt8])? {
        guard let first = digits.first, first != 0 else { return nil }
        var code = 0
        for length in 1...min(3, digits.count) {
            code = code * 10 + Int(digits[length - 1])
            if catalogue.hasCode(code) { return (code, Array(digits[length...])) }
        }
        return nil
    }

    /// libphonenumber's `_maybe_strip_national_prefix_carrier_code`: removes the national prefix
    /// (and a carrier code), or rewrites it by the transform rule, unless what is left can no
    /// longer be a number of the region while the whole could.
    static func stripNationalPrefix(_ national: [UInt8], _ metadata: PhoneMetadata) -> [UInt8] {
        guard !national.isEmpty, let prefix = metadata.nationalPrefixForParsing, let match = prefix.matchAtStart(national) else {
            return national
        }
        let general = metadata.general.pattern
        let viable = general.matchesWhole(national)
        var result = Array(national[match.end...])
        if let transform = metadata.nationalPrefixTransform, let last = match.groups.last, last != nil {
            result = expand(transform, groups: match.groups, in: national) + result
        }
        if viable, !general.matchesWhole(result) { return national }
        return result
    }

    /// `9$1` with group 1 = `11` → `911`.
    private static func expand(_ template: String, groups: [Range<Int>?], in digits: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = template.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "$"), let next = bytes.next() {
                let group = Int(next) - 48
                if group >= 1, group <= groups.count, let range = groups[group - 1] { out += digits[range] }
            } else if byte >= 48, byte <= 57 {
                out.append(byte - 48)
            }
        }
        return out
    }

    enum LengthCheck { case possible, localOnly, tooShort, tooLong, invalidLength }

    /// libphonenumber's `_test_number_length` against the region's possible lengths.
    static func lengthCheck(_ national: [UInt8], _ metadata: PhoneMetadata) -> LengthCheck {
        let possible = metadata.possibleLengths
        guard let minimum = possible.first, let maximum = possible.last, minimum != -1 else { return .invalidLength }
        let length = national.count
        if metadata.localOnlyLengths.contains(length) { return .localOnly }
        if length == minimum { return .possible }
        if length < minimum { return .tooShort }
        if length > maximum { return .tooLong }
        return possible.dropFirst().contains(length) ? .possible : .invalidLength
    }

    /// libphonenumber's `_region_code_for_number_from_list`: among the regions of a calling code,
    /// the one whose leading digits the number has, or whose patterns it matches.
    private static func regionOf(_ national: [UInt8], codeNumber: Int, _ catalogue: PhoneMetadata.Catalogue) -> PhoneMetadata? {
        guard let regions = catalogue.regions(forCode: codeNumber) else { return nil }
        // One region: its validity is what decides, checked by the caller (once).
        if regions.count == 1 { return regions[0] }
        for case let metadata? in regions {
            if let leading = metadata.leadingDigits {
                if leading.matchAtStart(national) != nil { return metadata }
            } else if metadata.isValid(national) {
                return metadata
            }
        }
        return nil
    }

    /// A country calling code as `defaultCountryCode` takes it: 1 to 3 digits, the first not 0.
    public static func isCountryCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (1...3).contains(bytes.count), bytes[0] != UInt8(ascii: "0") else { return false }
        return bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
