import Foundation

/// switchboard's JSON, one way everywhere: keys sorted, slashes as written. Documents people read
/// (plans, reports, `/status`, saved plans) are indented; payloads (hooks, `resolve`) are one line.
public enum JSONText {
    public static func data(_ value: some Encodable, indented: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = indented ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// An indented document as text, with its final newline.
    public static func document(_ value: some Encodable) -> String {
        String(decoding: (try? data(value)) ?? Data(), as: UTF8.self) + "\n"
    }
}
