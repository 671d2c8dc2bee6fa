import SwitchboardModel

/// A field's value as a plan shows it. Secret values never get here: they are `.sensitive`.
public enum FieldValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case absent
    case text(String)
    /// A secret that is set; its value is not in the plan.
    case sensitive
    /// A secret that could not be resolved (dry run without the variable or file).
    case unknown

    public var description: String {
        switch self {
        case .absent: "(none)"
        case .text(let text): text
        case .sensitive: "(sensitive)"
        case .unknown: "(unknown until apply)"
        }
    }
}

/// One field of a row that a change sets, changes or removes.
public struct FieldChange: Hashable, Sendable, Codable {
    public var name: FieldName
    public var before: FieldValue
    public var after: FieldValue

    public init(_ name: FieldName, before: FieldValue, after: FieldValue) {
        self.name = name
        self.before = before
        self.after = after
    }

    public var isSensitive: Bool {
        [before, after].contains { $0 == .sensitive || $0 == .unknown }
    }
}
