import Testing
@testable import SwitchboardStore

/// An ownership bucket's keys as each dialect stores them, read back in place (the round trip
/// through a real database is `OwnershipMigrationTests`): what the writers never produce but a
/// hand-edited row may hold, and what is not that form at all, refused.
struct StoredKeysFormTests {
    private func keys(_ text: String, _ forEach: (UnsafeBufferPointer<UInt8>, (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws -> [String] {
        var keys: [String] = []
        try Array(text.utf8).withUnsafeBufferPointer { bytes in
            try forEach(bytes) { keys.append(String(decoding: $0, as: UTF8.self)) }
        }
        return keys
    }

    @Test func jsonArrays() throws {
        #expect(try keys(#" [ "a" , "b\"c\\", "\u00e9\ud83d\ude00\/\t", "" ] "#, JSONStringArray.forEach) == ["a", #"b"c\"#, "é😀/\t", ""])
        #expect(try keys("[]", JSONStringArray.forEach) == [])
        for malformed in [#"["a""#, #"["a",]"#, "[1]", #"{"a":1}"#, #"["\ud83d"]"#, #"["a"] x"#, #"["\x"]"#, #"["a\"]"#, "[\"a\u{1}\"]", ""] {
            #expect(throws: DatabaseError.self, "\(malformed)") { try keys(malformed, JSONStringArray.forEach) }
        }
    }

    @Test func postgresArrays() throws {
        #expect(try keys(#"{a,"b\"c\\","c,d",NULL,"NULL","",é}"#, PostgresTextArray.forEach) == ["a", #"b"c\"#, "c,d", "NULL", "", "é"])
        #expect(try keys("{}", PostgresTextArray.forEach) == [])
        #expect(try keys("[0:1]={a,b}", PostgresTextArray.forEach) == ["a", "b"])
        for malformed in ["{a", "{{a}}", "{a,}", "{,a}", "[0:0][1:1]={{a}}", "[x]={a}", #"{"a}"#, #"{"a"b}"#, "{a\\b}", ""] {
            #expect(throws: DatabaseError.self, "\(malformed)") { try keys(malformed, PostgresTextArray.forEach) }
        }
    }
}
