import Foundation
import Testing
import SwitchboardModel
@testable import SwitchboardStore

struct SettingsCipherTests {
    static let settings = SettingValues([
        "smtp.host": .text("smtp.example"), "smtp.port": .text("587"), "smtp.secure": .text("true"),
        "smtp.user": .text("contact@acme.example"), "smtp.password": .text("Sup3r-Secret!"),
        "smtp.fromEmail": .text("contact@acme.example"), "smtp.fromName": .text("Acme"),
    ])

    @Test func roundTripsUnderTheKeyThatEncrypted() throws {
        let key = try EncryptionKey(base64: EncryptionKey.generateBase64())
        let stored = try SettingsCipher.encrypt(Self.settings, with: key)
        #expect(stored.hasPrefix("v1:\(key.id):"))
        #expect(!stored.contains("Sup3r-Secret!") && !stored.contains("smtp.example"))
        #expect(SettingsCipher.decrypt(stored, keyring: EncryptionKeyring(current: key)) == .decrypted(Self.settings, keyID: key.id))
    }

    @Test func oldKeysDecryptAndUnknownKeysAreReported() throws {
        let old = try EncryptionKey(base64: EncryptionKey.generateBase64())
        let new = try EncryptionKey(base64: EncryptionKey.generateBase64())
        let stored = try SettingsCipher.encrypt(Self.settings, with: old)
        #expect(SettingsCipher.decrypt(stored, keyring: EncryptionKeyring(current: new, old: [old])) == .decrypted(Self.settings, keyID: old.id))
        #expect(SettingsCipher.decrypt(stored, keyring: EncryptionKeyring(current: new)) ==
                .unreadable("encrypted with key id \(old.id), which is neither the current key nor one of SWITCHBOARD_OLD_ENCRYPTION_KEYS"))
        #expect(SettingsCipher.decrypt(stored, keyring: EncryptionKeyring(current: nil)) == .locked(keyID: old.id))
        #expect(SettingsCipher.decrypt("{\"smtp\": {}}", keyring: EncryptionKeyring(current: new)) == .unreadable("not in the v1:<key id>:<data> form"))
    }

    /// The JSON inside has the channels document's shape, so the platform can read it.
    @Test func plaintextHasTheChannelsDocumentShape() throws {
        let object = SettingsCipher.nested(Self.settings)
        let smtp = try #require(object["smtp"] as? [String: Any])
        #expect(smtp["port"] as? Int == 587)
        #expect(smtp["secure"] as? Bool == true)
        #expect(smtp["host"] as? String == "smtp.example")
    }

    /// The plaintext written without dictionaries is the dictionaries' text, byte for byte, for
    /// the names switchboard writes, and nil for the others, which the dictionaries settle.
    @Test func plaintextIsWhatTheDictionariesWrite() throws {
        let written: [[String: String]] = [
            [:], ["smtp.port": "587", "smtp.secure": "false"], ["smtp.port": "+25", "smtp.secure": "yes"], ["smtp.port": "abc"],
            ["connectionMethod": "cloud_api", "whatsappNumber": "+33612345678", "phoneNumberId": "1234", "apiToken": "t\"o\\k\n"],
            ["smtp.fromName": "Café \"Chez Nous\"\u{01}\u{7F}\u{2028}", "smtp.host": "", "smtp.user": "u@x", "Z": "upper", "é.ü": "unicode"],
            ["b.x": "1", "a": "2", "c": "3", "b.a": "4", "ab.c": "5", "a.b": "6"].filter { $0.key != "a" },
            ["b.x": "1", "a": "2", "c": "3", "b.a": "4", "ab.c": "5"],
        ]
        for values in written + [Self.settings.values.compactMapValues { if case .text(let text) = $0 { text } else { nil } }] {
            let settings = SettingValues(values.mapValues { .text($0) })
            let plaintext = try #require(SettingsCipher.plaintext(settings), "\(values)")
            #expect(String(decoding: plaintext, as: UTF8.self) == JSONText.object(SettingsCipher.nested(settings)), "\(values)")
        }
        // An unresolved secret is left out by both.
        let unknown = SettingValues(["smtp.password": .unknown, "smtp.host": .text("h")])
        #expect(SettingsCipher.plaintext(unknown).map { String(decoding: $0, as: UTF8.self) } == #"{"smtp":{"host":"h"}}"#)
        for names in [["smtp", "smtp.port"], ["a.b.c"], [".a"], ["a."], ["a..b"], ["."]] {
            #expect(SettingsCipher.plaintext(SettingValues(Dictionary(uniqueKeysWithValues: names.map { ($0, .text("1")) }))) == nil, "\(names)")
        }
    }

    @Test func keyIDIsDerivedNotTheKey() throws {
        let base64 = EncryptionKey.generateBase64()
        let key = try EncryptionKey(base64: base64)
        #expect(key.id.count == 12)
        #expect(!base64.contains(key.id))
        #expect(try EncryptionKey(base64: base64).id == key.id)
        #expect(throws: DatabaseError.self) { try EncryptionKey(base64: "dG9vIHNob3J0") }
    }
}

struct JSONTextTests {
    /// What we write, Foundation's reader reads back exactly, escapes included.
    @Test func roundTripsThroughJSONSerialization() throws {
        let object: [String: Any] = ["smtp": ["port": 587, "secure": true, "fromName": "Café \"Chez Nous\"\\\n\t\u{01}"], "apiToken": "a/b"]
        let text = JSONText.object(object)
        #expect(text.hasPrefix("{\"apiToken\":\"a/b\",\"smtp\":{\"fromName\":"))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let smtp = try #require(back["smtp"] as? [String: Any])
        #expect(smtp["fromName"] as? String == "Café \"Chez Nous\"\\\n\t\u{01}")
        #expect(smtp["port"] as? Int == 587)
        #expect(smtp["secure"] as? Bool == true)
    }
}

struct SettingsJSONTests {
    private func read(_ json: String) -> SettingValues? {
        Array(json.utf8).withUnsafeBytes(SettingsJSON.values)
    }

    /// Wherever the quick reader answers, it answers as JSONSerialization does; it answers for
    /// every object `JSONText` writes of plain settings, and leaves the rest to JSONSerialization.
    @Test func readsWhatJSONSerializationReads() throws {
        let written = JSONText.object(SettingsCipher.nested(SettingsCipherTests.settings))
        #expect(read(written) == SettingsCipherTests.settings)
        let answered = [
            written, "{}", #" { "a" : "x" , "b" : { "c" : -12 , "d" : { } } } "#, #"{"smtp":{"port":0,"secure":false}}"#,
            #"{"fromName":"Clinique Émile"}"#, "{\"a\":\"\"}",
        ]
        let leftOver = [
            #"{"a":"\"x"}"#, #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":-0}"#, #"{"a":true}"#, #"{"a":null}"#, #"{"a":[1]}"#,
            #"{"smtp":{"secure":1}}"#, #"{"a":"x","a":"y"}"#, #"{"smtp.port":"1","smtp":{"port":"2"}}"#,
            #"{"a":99999999999999999999}"#, #"{"a":"x"} x"#, #"{"a":"x",}"#, #"["a"]"#, "{\"a\":\"\u{1}\"}", #"{"a":05}"#, "",
        ]
        for json in answered + leftOver {
            let quick = read(json)
            #expect((quick != nil) == answered.contains(json), "\(json)")
            if let quick { #expect(quick == SettingsCipher.parsed(Data(json.utf8)), "\(json)") }
        }
        // More names than any channel has: left to JSONSerialization (each name once is checked by a scan).
        let many = "{" + (0..<100).map { "\"n\($0)\":\"v\"" }.joined(separator: ",") + "}"
        #expect(read(many) == nil)
        #expect(SettingsCipher.parsed(Data(many.utf8))?.values.count == 100)
        // Not UTF-8: refused by both.
        #expect([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D].withUnsafeBytes(SettingsJSON.values) == nil)
    }
}
