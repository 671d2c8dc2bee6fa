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
    public struct Catalogue: Sendable {
        public let regions: [String: PhoneMetadata]
        /// Non-geographic entities (`001`) by calling code.
        let nonGeographic: [String: PhoneMetadata]
        public let regionsByCode: [String: [String]]

        /// The metadata for a number of this calling code as `region` (nil: the main region).
        func metadata(forCode code: String, region: String? = nil) -> PhoneMetadata? {
            if let region, region != "001" { return regions[region] }
            if let nonGeographic = nonGeographic[code] { return nonGeographic }
            return regionsByCode[code]?.first.flatMap { regions[$0] }
        }
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
