/// libphonenumber's metadata for one region (or one non-geographic calling code, region `001`):
/// what parsing and validating a number need (DESIGN §1 "Phone keys"). Read once from the
/// generated `PhoneMetadata.table`.
public final class PhoneMetadata: Sendable {
    /// A number pattern and the national-number lengths it allows (empty: the region's).
    struct Description: Sendable {
        let pattern: PhonePattern
        let lengths: [Int]

        /// libphonenumber's `_is_number_matching_desc`.
        func matches(_ digits: [UInt8]) -> Bool {
            (lengths.isEmpty || lengths.contains(digits.count)) && pattern.matchesWhole(digits)
        }
    }

    /// ISO 3166-1 alpha-2, or `001` for a non-geographic calling code (+800…).
    public let region: String
    public let countryCode: String
    /// The calling code as a number (what the catalogue is indexed by) and as digits (0…9), made
    /// once: a national number read is compared with them.
    let countryCodeNumber: Int
    let countryCodeDigits: [UInt8]
    /// The international dialling prefix (`00`, `011`, `0(?:0|1[1-9])`…), matched at the start.
    let internationalPrefix: PhonePattern?
    /// What a national number starts with that is not part of it (`0`, `06`, `8`, `0?(?:…)15`…).
    let nationalPrefixForParsing: PhonePattern?
    /// How what that prefix captured is rewritten (`9$1` for Argentina's mobiles).
    let nationalPrefixTransform: String?
    let isMainCountryForCode: Bool
    /// Digits that make a number of a shared calling code this region's (+1 268 → AG).
    let leadingDigits: PhonePattern?
    let general: Description
    /// Lengths dialled only inside an area: possible, never valid alone.
    let localOnlyLengths: [Int]
    /// The number types (fixed line, mobile, toll free…), the common ones first.
    let types: [Description]

    init(region: String, countryCode: String, internationalPrefix: PhonePattern?, nationalPrefixForParsing: PhonePattern?,
         nationalPrefixTransform: String?, isMainCountryForCode: Bool, leadingDigits: PhonePattern?, general: Description,
         localOnlyLengths: [Int], types: [Description]) {
        self.region = region
        self.countryCode = countryCode
        countryCodeNumber = Catalogue.number(countryCode) ?? 0
        countryCodeDigits = countryCode.utf8.map { $0 - UInt8(ascii: "0") }
        self.internationalPrefix = internationalPrefix
        self.nationalPrefixForParsing = nationalPrefixForParsing
        self.nationalPrefixTransform = nationalPrefixTransform
        self.isMainCountryForCode = isMainCountryForCode
        self.leadingDigits = leadingDigits
        self.general = general
        self.localOnlyLengths = localOnlyLengths
        self.types = types
    }

    /// A number of this region (its national significant number): matches the general pattern
    /// and one of the types (libphonenumber's `_number_type_helper` is not UNKNOWN).
    func isValid(_ national: [UInt8]) -> Bool {
        general.matches(national) && types.contains { $0.matches(national) }
    }

    /// The national number lengths this region allows, sorted.
    var possibleLengths: [Int] { general.lengths }

    // MARK: - The table

    /// Every region by its ISO code (upper case), and the regions of each calling code (main first).
    /// A class: each number read takes one reference to it, not one to each of its tables.
    public final class Catalogue: Sendable {
        public let regions: [String: PhoneMetadata]
        /// Non-geographic entities (`001`) by calling code.
        let nonGeographic: [String: PhoneMetadata]
        public let regionsByCode: [String: [String]]
        /// By calling code as a number (1 to 999): the metadata of a number of the code (the
        /// non-geographic entity, else the main region), and the code's regions in the order of
        /// `regionsByCode` (nil: no such code). Parsing a number looked its code up ten times by
        /// text, a fifth of parsing it.
        private let mainByNumber: [PhoneMetadata?]
        private let regionsByNumber: [[PhoneMetadata?]?]

        init(regions: [String: PhoneMetadata], nonGeographic: [String: PhoneMetadata], regionsByCode: [String: [String]]) {
            self.regions = regions
            self.nonGeographic = nonGeographic
            self.regionsByCode = regionsByCode
            var main = [PhoneMetadata?](repeating: nil, count: 1000), byNumber = [[PhoneMetadata?]?](repeating: nil, count: 1000)
            for (code, entity) in nonGeographic {
                if let number = Self.number(code) { main[number] = entity }
            }
            for (code, names) in regionsByCode {
                guard let number = Self.number(code) else { continue }
                byNumber[number] = names.map { $0 == "001" ? nonGeographic[code] : regions[$0] }
                main[number] = nonGeographic[code] ?? names.first.flatMap { regions[$0] }
            }
            mainByNumber = main
            regionsByNumber = byNumber
        }

        /// `"33"` → 33; nil unless 1 to 3 digits, the first not 0 (the spelling `regionsByCode` uses).
        static func number(_ code: String) -> Int? {
            guard (1...3).contains(code.utf8.count), code.utf8.first != UInt8(ascii: "0") else { return nil }
            var number = 0
            for byte in code.utf8 {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return number
        }

        /// The metadata for a number of this calling code (the non-geographic entity, else the
        /// main region); nil for 0 or a code that does not exist.
        func metadata(forCode code: Int) -> PhoneMetadata? {
            (1..<mainByNumber.count).contains(code) ? mainByNumber[code] : nil
        }

        /// The regions of this calling code, as a number, in the order of `regionsByCode`; nil for 0
        /// or a code that does not exist.
        func regions(forCode code: Int) -> [PhoneMetadata?]? {
            (1..<regionsByNumber.count).contains(code) ? regionsByNumber[code] : nil
        }

        /// Whether this calling code, as a number, exists.
        func hasCode(_ number: Int) -> Bool { regions(forCode: number) != nil }
    }

    /// Parsed once, on first use (about 2,000 patterns compile in a few milliseconds).
    public static let catalogue: Catalogue = parse(table)

    static func parse(_ text: String) -> Catalogue {
        var regions: [String: PhoneMetadata] = [:], nonGeographic: [String: PhoneMetadata] = [:]
        var codes: [String: [String]] = [:]
        var pending: [Substring]?
        var types: [Description] = []

        func pattern(_ field: Substring) -> PhonePattern? {
            guard !field.isEmpty else { return nil }
            guard let pattern = PhonePattern(String(field)) else { preconditionFailure("unsupported phone pattern: \(field)") }
            return pattern
        }
        func lengths(_ field: Substring) -> [Int] { field.split(separator: ",").compactMap { Int($0) } }
        func flush() {
            guard let fields = pending else { return }
            let metadata = PhoneMetadata(
                region: String(fields[1]), countryCode: String(fields[2]), internationalPrefix: pattern(fields[3]),
                nationalPrefixForParsing: pattern(fields[4]), nationalPrefixTransform: fields[5].isEmpty ? nil : String(fields[5]),
                isMainCountryForCode: fields[6] == "1", leadingDigits: pattern(fields[7]),
                general: Description(pattern: pattern(fields[8]) ?? PhonePattern("")!, lengths: lengths(fields[9])),
                localOnlyLengths: lengths(fields[10]), types: types)
            if metadata.region == "001" { nonGeographic[metadata.countryCode] = metadata } else { regions[metadata.region] = metadata }
            pending = nil
            types = []
        }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch fields.first {
            case "R":
                flush()
                pending = fields
            case "T":
                types.append(Description(pattern: pattern(fields[2]) ?? PhonePattern("")!, lengths: lengths(fields[3])))
            case "C":
                flush()
                codes[String(fields[1])] = fields[2].split(separator: ",").map(String.init)
            default:
                continue
            }
        }
        flush()
        return Catalogue(regions: regions, nonGeographic: nonGeographic, regionsByCode: codes)
    }
}
