import Foundation

/// A slug for a tenant stored without one, made from its name the way people write them by hand
/// (`Bistrot Lumière` → `bistrot-lumiere`), valid for the loader (lowercase letters, digits, `-`,
/// at most 64 characters, a letter or digit first).
enum DerivedSlug {
    static func from(name: String, id: Int64) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug += "-"
            }
        }
        slug = String(slug.prefix(64))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "tenant-\(id)" : slug
    }
}
