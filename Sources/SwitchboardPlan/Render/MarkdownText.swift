import SwitchboardModel

/// Text from the files or the database, made inert for a pull-request comment: whoever opens a pull
/// request writes the names, and a name must not break the plan's tables, open HTML, or become a
/// link, an image or an @-mention in the comment a reviewer approves.
enum MarkdownText {
    /// Plain text in a table cell or a list item: control characters escaped (one line), the
    /// punctuation that makes links, images, code and emphasis backslash-escaped, `<` and `>` as
    /// entities (no HTML, no `<url>`), and a word joiner after `@`, in `://` and `www.` (no
    /// mention, no autolink).
    static func inline(_ text: String) -> String {
        var out = ""
        for character in TextRules.printable(text) {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out += "\\" + String(character)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "@": out += "@\u{2060}"
            default: out.append(character)
            }
        }
        return out.replacingAll("://", with: ":\u{2060}//").replacingAll("www.", with: "www\u{2060}.")
    }

    /// A code span: nothing inside renders (no link, no mention, no emphasis). The fence is longer
    /// than any run of backticks in the text, and `|` is escaped, which GFM tables honour even in
    /// code spans.
    static func code(_ text: String) -> String {
        let printable = TextRules.printable(text)
        var longest = 0, run = 0
        for character in printable {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let body = printable.replacingAll("|", with: "\\|")
        let padded = body.hasPrefix("`") || body.hasSuffix("`") ? " \(body) " : body
        return fence + padded + fence
    }
}
