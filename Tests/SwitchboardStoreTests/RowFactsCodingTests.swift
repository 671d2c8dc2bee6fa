import Foundation
import Testing
@testable import SwitchboardStore

struct RowFactsCodingTests {
    private func references(_ json: String) -> (all: [String: String], quick: [String: String]?) {
        Array(json.utf8).withUnsafeBufferPointer { (RowFactsCoding.references(fromJSON: $0), RowFactsCoding.quickReferences($0)) }
    }

    /// The quick reader answers for what `RowFactsCoding.json` writes (and as PostgreSQL's jsonb
    /// spaces it), as JSONSerialization does; it leaves everything else to JSONSerialization.
    @Test func readsWhatJSONSerializationReads() throws {
        let written = try #require(RowFactsCoding.json(["config.smtp.password": "vault:kv/acme#smtp", "config.apiToken": "env:TOKEN"]))
        #expect(references(written).quick == ["config.smtp.password": "vault:kv/acme#smtp", "config.apiToken": "env:TOKEN"])
        let answered = [written, "{}", #"{"a": "x", "b": "y"}"#, #" { "a" : "Émile" } "#, #"{"a":""}"#]
        let leftOver = [
            #"{"a":"\"x"}"#, #"{"a":"x","a":"y"}"#, #"{"a":1}"#, #"{"a":null}"#, #"{"a":"x",}"#, #"{"a":"x"} x"#,
            #"["a"]"#, "{\"a\":\"\u{1}\"}", #"{"a":{"b":"c"}}"#, "", #"{"a\u00e9":"x"}"#,
        ]
        for json in answered + leftOver {
            let (all, quick) = references(json)
            #expect((quick != nil) == answered.contains(json), "\(json)")
            let serialized = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]) ?? [:]
            #expect(all == serialized, "\(json)")
        }
        // Not UTF-8: refused by both.
        let invalid: [UInt8] = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]
        #expect(invalid.withUnsafeBufferPointer(RowFactsCoding.quickReferences) == nil)
        #expect(invalid.withUnsafeBufferPointer(RowFactsCoding.references(fromJSON:)) == [:])
    }
}
