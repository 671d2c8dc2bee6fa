import SwitchboardModel

/// A channel's decrypted settings read straight into `SettingValues` when they are in the form
/// `JSONText` writes: objects, strings without escapes, integers, `smtp.secure` a boolean, each
/// name once. JSONSerialization and the casts of its `Any`s cost about 4.5 µs a channel, most of
/// decrypting 100,000 channels for a no-op plan; any other JSON is left to it (nil), so that
/// both read every text alike.
enum SettingsJSON {
    static func values(_ json: UnsafeRawBufferPointer) -> SettingValues? {
        var cursor = JSONCursor(json.bindMemory(to: UInt8.self))
        var values: [String: SettingValues.Value] = [:]
        guard cursor.object(prefix: "", into: &values), cursor.isAtEnd() else { return nil }
        return SettingValues(values)
    }
}

private extension JSONCursor {
    static let mostNames = 64

    /// An object's members into `values`, each under `prefix` and its name (`smtp.port`).
    mutating func object(prefix: String, into values: inout [String: SettingValues.Value]) -> Bool {
        guard skip(UInt8(ascii: "{")) else { return false }
        if skip(UInt8(ascii: "}")) { return true }
        var names: [String] = []
        repeat {
            // A name twice, or a path twice (`"smtp.port"` beside `"smtp": {"port"}`): left to
            // JSONSerialization, which keeps one of them; so is an object of more names than any
            // channel has, which the scan for a name twice would make quadratic.
            guard names.count < Self.mostNames, let name = string(), !names.contains(name), skip(UInt8(ascii: ":")) else { return false }
            names.append(name)
            let path = prefix + name
            skipSpace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard object(prefix: path + ".", into: &values) else { return false }
            case UInt8(ascii: "\""):
                guard let text = string(), values.updateValue(.text(text), forKey: path) == nil else { return false }
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                guard path == "smtp.secure", let flag = boolean(),
                      values.updateValue(.text(flag ? "true" : "false"), forKey: path) == nil else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard path != "smtp.secure", let number = integer(),
                      values.updateValue(.text(String(number)), forKey: path) == nil else { return false }
            default:
                return false
            }
        } while skip(UInt8(ascii: ","))
        return skip(UInt8(ascii: "}"))
    }

    mutating func boolean() -> Bool? {
        for (word, value) in [("true", true), ("false", false)] where bytes[index...].starts(with: word.utf8) {
            index += word.utf8.count
            return value
        }
        return nil
    }

    /// `-?(0|[1-9][0-9]*)` within `Int`, not followed by a fraction or an exponent.
    mutating func integer() -> Int? {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard text != "-0" else { return nil }
        return Int(text)
    }
}
