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

    /// `Trunk Principal` → `TRUNK_PRINCIPAL`.
    static func screamingSnake(_ text: String) -> String {
        FoldedName.make(text, separator: "_", uppercase: true)
    }
}
