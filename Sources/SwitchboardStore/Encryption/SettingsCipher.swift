import Crypto
import Foundation
import SwitchboardModel

/// `config_encrypted`: a channel's settings as JSON (the channels document's shape), encrypted
/// with AES-256-GCM and stored as `v1:<key id>:<base64 of nonce | ciphertext | tag>`.
public enum SettingsCipher {
    public static func encrypt(_ settings: SettingValues, with key: EncryptionKey) throws -> String {
        let json = plaintext(settings) ?? Array(JSONText.object(nested(settings)).utf8)
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

    /// `JSONText.object(nested(settings))`'s bytes, written without building dictionaries of `Any`
    /// (they were half of encrypting a channel's settings, which a first apply of 100,000 routes
    /// does 10,000 times while the server writes). For the names switchboard writes: `name` or
    /// `group.name`; nil for any other (`a.b.c`, `.a`, a name that is also a group's), which the
    /// dictionaries still settle (settings re-encrypted from another writer).
    static func plaintext(_ settings: SettingValues) -> [UInt8]? {
        // A member: its group (empty at the top level), its name in it, its text, its full name.
        var members: [(group: Substring, name: Substring, text: String, fullName: String)] = []
        members.reserveCapacity(settings.values.count)
        for (name, value) in settings.values {
            guard case .text(let text) = value else { continue }
            let dots = name.utf8.count(where: { $0 == UInt8(ascii: ".") })
            if dots == 0 {
                members.append(("", name[...], text, name))
            } else {
                guard dots == 1, let dot = name.firstIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else { return nil }
                members.append((name[..<dot], name[name.index(after: dot)...], text, name))
            }
        }
        // Top-level members and groups share one namespace: a clash is the dictionaries' to settle.
        for member in members where member.group.isEmpty {
            if members.contains(where: { $0.group == member.name }) { return nil }
        }
        // `JSONText.object`'s order: by key, a group's members together under its key. Positions
        // are sorted, not the members (copying them was most of the sort).
        let order = members.indices.sorted { a, b in
            let (first, second) = (members[a].group.isEmpty ? members[a].name : members[a].group,
                                   members[b].group.isEmpty ? members[b].name : members[b].group)
            return first != second ? first < second : members[a].name < members[b].name
        }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256)
        var openGroup: Substring?
        for (index, position) in order.enumerated() {
            let member = members[position]
            if let group = openGroup, member.group == group {
                out.append(UInt8(ascii: ","))
            } else {
                if openGroup != nil { out.append(UInt8(ascii: "}")) }
                openGroup = nil
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if !member.group.isEmpty {
                    JSONText.append(String(member.group), to: &out)
                    out += [UInt8(ascii: ":"), UInt8(ascii: "{")]
                    openGroup = member.group
                }
            }
            JSONText.append(String(member.name), to: &out)
            out.append(UInt8(ascii: ":"))
            appendTyped(member.fullName, member.text, to: &out)
        }
        if openGroup != nil { out.append(UInt8(ascii: "}")) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// One member's value as `nested` types it (by its full name) and `JSONText.value` writes it.
    private static func appendTyped(_ name: String, _ text: String, to out: inout [UInt8]) {
        switch name {
        case "smtp.port":
            if let port = Int(text) { out += String(port).utf8 } else { JSONText.append(text, to: &out) }
        case "smtp.secure": out += (text == "true" ? "true" : "false").utf8
        default: JSONText.append(text, to: &out)
        }
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
