import Testing
@testable import SwitchboardStore

/// The ids switchboard gives the rows it creates where the platform's schema would draw a UUID.
struct RandomUUIDTests {
    @Test func isAVersion4UUIDInLowerCaseWithEveryOtherDigitRandom() {
        let ids = (0..<2_000).map { _ in RandomUUID.text() }
        #expect(Set(ids).count == ids.count)
        let hex = Set("0123456789abcdef")
        for id in ids {
            #expect(id.count == 36)
            #expect(id.enumerated().allSatisfy { [8, 13, 18, 23].contains($0.offset) ? $0.element == "-" : hex.contains($0.element) })
        }
        // Each digit's place: the version (14) is always 4, the variant (19) one of 8, 9, a, b,
        // and every other place takes many values (a digit written from the wrong bits would not).
        for place in 0..<36 where ![8, 13, 18, 23].contains(place) {
            let values = Set(ids.map { Array($0)[place] })
            switch place {
            case 14: #expect(values == ["4"])
            case 19: #expect(values == ["8", "9", "a", "b"])
            default: #expect(values.count == 16, "place \(place): \(values.sorted())")
            }
        }
    }
}
