import Foundation

/// Names made from free text for `switchboard export`: accents folded, ASCII letters and digits
/// kept, every run of anything else one separator, none at either end.
enum FoldedName {
    static func make(_ text: String, separator: Character, uppercase: Bool) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var name = ""
        for scalar in (uppercase ? folded.uppercased() : folded.lowercased()).unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, name.last != separator {
                name.append(separator)
            }
        }
        while name.last == separator { name.removeLast() }
        return name
    }
}

/// A slug for a tenant stored without one, made from its name the way people write them by hand
/// (`Bistrot Lumière` → `bistrot-lumiere`), valid for the loader (lowercase letters, digits, `-`,
/// at most 64 characters, a letter or digit first).
enum DerivedSlug {
    static func from(name: String, id: Int64) -> String {
        var slug = String(FoldedName.make(name, separator: "-", uppercase: false).prefix(64))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "tenant-\(id)" : slug
    }
}
