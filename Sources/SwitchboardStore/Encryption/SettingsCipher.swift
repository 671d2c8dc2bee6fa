import Crypto
import Foundation
import SwitchboardModel

/// `config_encrypted`: a channel's settings as JSON (the channels document's shape), encrypted
/// with AES-256-GCM and stored as `v1:<key id>:<base64 of nonce | ciphertext | tag>`.
public enum SettingsCipher {
    public static func encrypt(_ settings: SettingValues, with key: EncryptionKey) throws -> String {
        let json = Array((plaintext(settings) ?? JSONText.object(nested(settings))).utf8)
        let sealed = try AES.GCM.seal(json, using: key.key)
        guard let combined = sealed.combined else { throw DatabaseError("AES-GCM produced no combined form") }
        return "v1:\(key.id):\(combined.base64EncodedString())"
    }

    /// The stored form's key id, if it is in the `v1:` form.
    public static func keyID(of stored: String) -> String? {
        let parts = stored.split(separator: ":", maxSplits: 2)
        return parts.count == 3 && parts[0] == "v1" ? String(parts[1]) : nil
    }

    public static func decrypt(_ stored: String, keyring: EncryptionKeyring) -> StoredSettings {
        let parts = stored.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1" else { return .unreadable("not in the v1:<key id>:<data> form") }
        let keyID = parts[1]
        if keyring.isEmpty { return .locked(keyID: keyID) }
        guard let key = keyring.key(id: keyID) else {
            return .unreadable("encrypted with key id \(keyID), which is neither the current key nor one of SWITCHBOARD_OLD_ENCRYPTION_KEYS")
        }
        guard let data = Data(base64Encoded: parts[2]),
              let box = try? AES.GCM.SealedBox(combined: data),
              let json = try? AES.GCM.open(box, using: key.key),
              let values = json.withUnsafeBytes(SettingsJSON.values) ?? parsed(json)
        else { return .unreadable("cannot be decrypted with key id \(keyID) (corrupted, or a different key with the same id)") }
        return .decrypted(values, keyID: keyID)
    }

    /// Any JSON object, by JSONSerialization: the settings of another writer (the platform's own).
    static func parsed(_ json: Data) -> SettingValues? {
        (try? JSONSerialization.jsonObject(with: json) as? [String: Any]).map { flat($0) }
    }

    /// `JSONText.object(nested(settings))`, written without building dictionaries of `Any` (they were
    /// half of encrypting a channel's settings, which a first apply of 100,000 routes does 10,000
    /// times while the server writes). Nil where the dictionaries decide what is kept: a name that
    /// is also a group's (`smtp` beside `smtp.port`), or two names for one place (`a.b`, `a..b`).
    static func plaintext(_ settings: SettingValues) -> String? {
        var top: [(key: String, json: String)] = []
        var groups: [String: [(key: String, json: String)]] = [:]
        for (name, value) in settings.values {
            guard case .text(let text) = value else { continue }
            let json = typedJSON(name, text)
            let path = name.split(separator: ".")
            if path.count == 2 { groups[String(path[0]), default: []].append((String(path[1]), json)) } else { top.append((name, json)) }
        }
        for (group, members) in groups {
            guard Set(members.map(\.key)).count == members.count else { return nil }
            top.append((group, object(members)))
        }
        guard Set(top.map(\.key)).count == top.count else { return nil }
        return object(top)
    }

    /// One member's value as `nested` types it and `JSONText.value` writes it.
    private static func typedJSON(_ name: String, _ text: String) -> String {
        switch name {
        case "smtp.port": Int(text).map(String.init) ?? JSONText.string(text)
        case "smtp.secure": text == "true" ? "true" : "false"
        default: JSONText.string(text)
        }
    }

    /// Members already written, keys sorted as `JSONText.object` sorts them.
    private static func object(_ members: [(key: String, json: String)]) -> String {
        "{" + members.sorted { $0.key < $1.key }.map { JSONText.string($0.key) + ":" + $0.json }.joined(separator: ",") + "}"
    }

    /// `smtp.port` → `{"smtp": {"port": 587}}`, with the channels document's types (numbers, booleans).
    static func nested(_ settings: SettingValues) -> [String: Any] {
        var object: [String: Any] = [:]
        for (name, value) in settings.values {
            guard case .text(let text) = value else { continue }
            let typed: Any = switch name {
            case "smtp.port": Int(text) ?? text
            case "smtp.secure": text == "true"
            default: text
            }
            let path = name.split(separator: ".").map(String.init)
            if path.count == 2 {
                var inner = object[path[0]] as? [String: Any] ?? [:]
                inner[path[1]] = typed
                object[path[0]] = inner
            } else {
                object[name] = typed
            }
        }
        return object
    }

    static func flat(_ object: [String: Any], prefix: String = "") -> SettingValues {
        var values: [String: SettingValues.Value] = [:]
        for (key, value) in object {
            let name = prefix + key
            switch value {
            case let inner as [String: Any]:
                values.merge(flat(inner, prefix: name + ".").values) { $1 }
            case let bool as Bool where name == "smtp.secure":
                values[name] = .text(bool ? "true" : "false")
            case let number as NSNumber where name == "smtp.secure":
                values[name] = .text(number.boolValue ? "true" : "false")
            case let integer as Int:
                values[name] = .text(String(integer))
            case let number as NSNumber:
                values[name] = .text(number.stringValue)
            case let text as String:
                values[name] = .text(text)
            default:
                continue
            }
        }
        return SettingValues(values)
    }
}

/// Writes the settings object as JSON, keys sorted. JSONSerialization cost more than the
/// encryption itself on a 10,000-channel apply; these objects only hold strings, integers,
/// booleans and one level of nesting.
public enum JSONText {
    static func object(_ object: [String: Any]) -> String {
        "{" + object.sorted { $0.key < $1.key }.map { string($0.key) + ":" + value($0.value) }.joined(separator: ",") + "}"
    }

    static func value(_ value: Any) -> String {
        switch value {
        case let bool as Bool: bool ? "true" : "false"
        case let integer as Int: String(integer)
        case let text as String: string(text)
        case let inner as [String: Any]: object(inner)
        default: "null"
        }
    }

    /// A JSON string literal. Also escapes DEL, the C1 controls and the Unicode line separators,
    /// which JSON allows as they are but YAML does not: the result is a valid YAML double-quoted
    /// scalar too (`switchboard export` writes them).
    public static func string(_ text: String) -> String {
        if isPlain(text) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `string(text)`'s UTF-8 at the end of `out`, without a string of its own when plain.
    static func append(_ text: String, to out: inout [UInt8]) {
        guard isPlain(text) else {
            out.append(contentsOf: string(text).utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: text.utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// Printable ASCII without a quote or a backslash is its own JSON (every key, most values).
    private static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") }
    }
}
