import Foundation
import SwitchboardModel

/// `switchboard_row_facts.secret_refs`: a JSON object of secret field → reference token.
public enum RowFactsCoding {
    public static func json(_ references: [String: String]) -> String? {
        references.isEmpty ? nil : JSONText.object(references)
    }

    static func references(fromJSON text: String?) -> [String: String] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else { return [:] }
        return object
    }
}

extension RowFacts {
    /// Columns 2 and 3 of a row of `switchboard_row_facts` (or of the per-row table before migration 4).
    init(row: SQLRow) {
        self.init(isProtected: row.bool(2) ?? false, secretReferences: RowFactsCoding.references(fromJSON: row.text(3)))
    }
}
