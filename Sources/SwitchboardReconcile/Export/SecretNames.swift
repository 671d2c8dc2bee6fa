import Foundation

/// Environment variable names for exported secrets, in the style of DESIGN §1
/// (`SIP_TRUNK_PRINCIPAL_PASSWORD`, `ACME_SMTP_PASSWORD`): readable, valid, never twice the same.
struct SecretNames {
    private var taken: Set<String> = []

    /// `Trunk Principal` + `SIP`, `PASSWORD` → `SIP_TRUNK_PRINCIPAL_PASSWORD`; a second one gets `_2`.
    mutating func allocate(_ parts: String...) -> String {
        var base = parts.map(Self.screamingSnake).filter { !$0.isEmpty }.joined(separator: "_")
        if base.first?.isNumber ?? true { base = "SECRET_" + base }
        var name = base
        var suffix = 2
        while taken.contains(name) {
            name = "\(base)_\(suffix)"
            suffix += 1
        }
        taken.insert(name)
        return name
    }

    /// Accents folded, letters upper-cased, every run of other characters one `_`.
    static func screamingSnake(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).uppercased()
        var out = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, out.last != "_" {
                out += "_"
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }
}
