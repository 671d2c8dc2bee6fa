/// What applied runs deleted within `guard.window` (DESIGN §3 "Guard"): the delete guard judges a
/// plan together with them, so five deletions of 9% in a row are refused like one of 45%.
public struct DeletionHistory: Hashable, Sendable {
    public var window: SettingDuration
    /// Rows of each kind deleted by the runs applied within the window.
    public var deleted: [ResourceKind: Int] = [:]
    /// The most rows of each kind a run within the window started from.
    public var largest: [ResourceKind: Int] = [:]
    /// How many applied runs the window holds.
    public var runs = 0

    public init(window: SettingDuration) { self.window = window }

    /// Adds one applied run: its deletions and the size of each kind it started from.
    public mutating func add(deleted: [ResourceKind: Int], rows: [ResourceKind: Int]) {
        runs += 1
        self.deleted.merge(deleted, uniquingKeysWith: +)
        largest.merge(rows, uniquingKeysWith: max)
    }
}
