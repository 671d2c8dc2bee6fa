import SwitchboardModel

/// What happens to one row. A row with no file declaring it and no live row is a create; a live
/// row no file declares is a delete (a prune); both, with differences, an update.
///
/// A struct, not an enum with payloads: reading `action` of a million changes (counts, ownership,
/// entries) then reads one byte instead of copying each row and field list out of its case.
public struct Change<Row: Hashable & Sendable & Codable>: Hashable, Sendable {
    public let action: Action
    /// Create and update: the row as it will be. Delete: the row as it is (secrets removed).
    public var row: Row
    /// Create: every field it sets. Update: the fields that differ. Delete: the fields it had.
    public var fields: [FieldChange]

    public static func create(_ row: Row, fields: [FieldChange]) -> Change { Change(action: .create, row: row, fields: fields) }
    public static func update(_ row: Row, fields: [FieldChange]) -> Change { Change(action: .update, row: row, fields: fields) }
    public static func delete(_ row: Row, fields: [FieldChange]) -> Change { Change(action: .delete, row: row, fields: fields) }

    /// The same change of another form of the row (a saved plan's row without secrets).
    func mapRow(_ transform: (Row) -> Row) -> Change<Row> {
        Change(action: action, row: transform(row), fields: fields)
    }
}

/// Saved plans keep the form they had when `Change` was an enum: `{"create": {"_0": row, "fields": […]}}`.
extension Change: Codable {
    private struct Payload: Codable {
        var _0: Row
        var fields: [FieldChange]
    }

    private struct ActionKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: ActionKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first, let action = Action(rawValue: key.stringValue) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a change is one of create, update, delete"))
        }
        let payload = try container.decode(Payload.self, forKey: key)
        self.init(action: action, row: payload._0, fields: payload.fields)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ActionKey.self)
        try container.encode(Payload(_0: row, fields: fields), forKey: ActionKey(stringValue: action.rawValue))
    }
}

public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
    case create, update, delete
}
