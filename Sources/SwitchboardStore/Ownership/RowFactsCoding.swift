import Foundation
import SwitchboardModel

/// `switchboard_row_facts.secret_refs`: a JSON object of secret field → reference token.
public enum RowFactsCoding {
    public static func json(_ references: [String: String]) -> String? {
        references.isEmpty ? nil : JSONText.object(references)
    }

    /// The references of the JSON's text. Read in place when it is in the form `json` writes (an
    /// object of strings without escapes, each name once): JSONSerialization took 0.9 µs a row, 7 %
    /// of the state read of a no-op plan of 100,000 channels. Any other text is left to it, so
    /// that both read every text alike.
    static func references(fromJSON json: UnsafeBufferPointer<UInt8>) -> [String: String] {
        quickReferences(json) ?? (try? JSONSerialization.jsonObject(with: Data(json)) as? [String: String]) ?? [:]
    }

    /// The references read in place; nil for any JSON not of `json`'s form.
    static func quickReferences(_ json: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        var cursor = JSONCursor(json)
        guard let references = cursor.stringObject(), cursor.isAtEnd() else { return nil }
        return references
    }
}

private extension JSONCursor {
    /// `{"name": "text", …}`: nil for anything else, an escape, or a name twice.
    mutating func stringObject() -> [String: String]? {
        guard skip(UInt8(ascii: "{")) else { return nil }
        var object: [String: String] = [:]
        if skip(UInt8(ascii: "}")) { return object }
        repeat {
            guard let name = string(), skip(UInt8(ascii: ":")), let text = string(),
                  object.updateValue(text, forKey: name) == nil else { return nil }
        } while skip(UInt8(ascii: ","))
        return skip(UInt8(ascii: "}")) ? object : nil
    }
}

extension RowFacts {
    /// Columns 2 and 3 of a row of `switchboard_row_facts` (or of the per-row table before migration 4).
    init(row: SQLRow) {
        self.init(isProtected: row.bool(2) ?? false, secretReferences: row.withUTF8(3, RowFactsCoding.references(fromJSON:)) ?? [:])
    }
}
