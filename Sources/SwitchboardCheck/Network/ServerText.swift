import SwitchboardModel

/// What a server said, fit for a check's line: a hostile server chooses these words, so they lose
/// what `TextRules` forbids in any output (control characters, bidirectional overrides) and are cut
/// short.
enum ServerText {
    static func excerpt(_ text: String, limit: Int = 80) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !TextRules.isForbidden($0) }.prefix(limit)))
    }
}
