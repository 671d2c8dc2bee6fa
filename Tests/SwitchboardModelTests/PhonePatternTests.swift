import Testing
import SwitchboardModel

/// The matcher of libphonenumber's patterns against Python's `re` (the answers below are what
/// `re.match` / `re.fullmatch` give), including runs that backtrack further than the entries it
/// keeps on the stack (64), where the rest go to an array.
struct PhonePatternTests {
    static func digits(_ text: String) -> [UInt8] { text.utf8.map { $0 - UInt8(ascii: "0") } }

    @Test func matchesTheWholeInputOrNothing() throws {
        let pattern = try #require(PhonePattern(#"\d{0,100}5"#))
        // 80 optional digits taken greedily, each leaving a way back: 80 entries, then one taken back.
        #expect(pattern.matchesWhole(Self.digits(String(repeating: "1", count: 80) + "5")))
        #expect(!pattern.matchesWhole(Self.digits(String(repeating: "1", count: 80))))
        #expect(!pattern.matchesWhole(Self.digits(String(repeating: "1", count: 80) + "56")))
    }

    @Test func groupsAreWhereTheLeftmostGreedyMatchPutsThem() throws {
        // re.match(r'(\d{0,90})(5)', '5' * 81 + '7'): end 81, groups (0, 80) and (80, 81). Every
        // way back from 80 digits would match: the last one taken must be the first tried.
        let long = try #require(PhonePattern(#"(\d{0,90})(5)"#))
        let match = try #require(long.matchAtStart(Self.digits(String(repeating: "5", count: 81) + "7")))
        #expect(match.end == 81)
        #expect(match.groups == [0..<80, 80..<81])

        // re.match(r'0?(\d{2})', '0612'): the national prefix taken, group (1, 3).
        let prefix = try #require(PhonePattern(#"0?(\d{2})"#))
        let national = try #require(prefix.matchAtStart(Self.digits("0612")))
        #expect(national.end == 3)
        #expect(national.groups == [1..<3])

        // re.match(r'(1|12)3?', '123') takes the first branch and stops at 1; fullmatch takes the second.
        let branches = try #require(PhonePattern("(1|12)3?"))
        let first = try #require(branches.matchAtStart(Self.digits("123")))
        #expect(first.end == 1)
        #expect(first.groups == [0..<1])
        #expect(branches.matchesWhole(Self.digits("123")))
    }

    @Test func refusesSyntaxOutsideTheSubset() {
        #expect(PhonePattern("[a-z]") == nil)
        #expect(PhonePattern(#"\w+"#) == nil)
        #expect(PhonePattern("(12") == nil)
        #expect(PhonePattern("1{3,2}") == nil)
    }
}
