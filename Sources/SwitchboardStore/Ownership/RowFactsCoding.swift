import Foundation
import SwitchboardModel

/// `switchboard_managed.secret_refs`: a JSON object of secret field → reference token.
public enum RowFactsCoding {
    public static func json(_ references: [String: String]) -> String? {
        references.isEmpty ? nil : JSONText.object(references)
    }

    static func references(fromJSON text: String?) -> [String: String] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else { return [:] }
        return object
    }
}
