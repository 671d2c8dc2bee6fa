import SwitchboardStore

/// Scalars written for `switchboard export`: plain when every YAML reader (1.1 or 1.2) can only
/// read them back as the same string, double-quoted otherwise.
enum YAMLScalar {
    /// Words some YAML reader takes for a boolean or null.
    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]

    static func string(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    /// Always quoted: phone numbers and ids, which a YAML reader would otherwise take for numbers.
    /// JSON's escapes are YAML's double-quoted ones.
    static func quoted(_ text: String) -> String { JSONText.string(text) }

    /// A letter first (so never a number, a date or an indicator), then letters, digits, spaces
    /// inside, and `_ . @ / -`; not a word read as a boolean or null.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, text.last != " ",
              !reserved.contains(text.lowercased()) else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                ? (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " _.@/-".unicodeScalars.contains(scalar))
                : scalar.properties.isAlphabetic
        }
    }

    /// `{a: x, b: y}`.
    static func flowMap(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// `[a, b]`.
    static func flowList(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }
}
