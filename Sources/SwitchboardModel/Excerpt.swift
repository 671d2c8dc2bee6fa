/// What a message may quote of the input: a short, escaped excerpt. Whoever opens a pull request
/// writes the files, and a message goes to CI logs, pull-request comments and `/status`, so no
/// message ever carries more than a few dozen characters of what was read (DESIGN §1), and never a
/// raw control character (one diagnostic is one line).
public enum Excerpt {
    /// The most characters of the input a message quotes.
    public static let limit = 40

    /// `'text'`, escaped, cut to `limit` characters with `…`.
    public static func quoted(_ text: String) -> String {
        "'" + escaped(text) + "'"
    }

    /// The text with control and invisible formatting characters written as `\n`, `\t`, `\u{…}`,
    /// cut to `limit` characters with `…`.
    public static func escaped(_ text: String, limit: Int = Excerpt.limit) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where TextRules.isForbidden(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// What text values may hold, whatever the field (DESIGN §1 "Platform limits").
public enum TextRules {
    /// No field takes more than this many characters, even where the platform's column is TEXT.
    public static let longestText = 4096

    /// C0 and C1 control characters (NUL included), DEL, the line and paragraph separators, and the
    /// bidirectional overrides and isolates (which make a plan read differently from what it does).
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// The first forbidden character and its 1-based position, or nil.
    public static func firstForbidden(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
        // Printable ASCII (nearly every value of every file) holds none: no scalar decoded.
        if isPrintableASCII(text) { return nil }
        for (index, scalar) in text.unicodeScalars.enumerated() where isForbidden(scalar) {
            return (scalar, index + 1)
        }
        return nil
    }

    /// Only bytes from space to `~`.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `NUL`, `a newline`, `U+202E`: how a message names a forbidden character.
    public static func name(of scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\0": return "NUL"
        case "\n": return "a newline"
        case "\r": return "a carriage return"
        case "\t": return "a tab"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }
}

extension TextRules {
    /// The text with every forbidden character escaped (`\n`, `\u{1B}`), whole: what a plan prints
    /// of names read from a database, where nothing validated them (a terminal must not receive
    /// escape sequences, a log line must stay one line).
    public static func printable(_ text: String) -> String {
        guard !isPrintableASCII(text), text.unicodeScalars.contains(where: isForbidden) else { return text }
        return Excerpt.escaped(text, limit: Int.max)
    }
}
