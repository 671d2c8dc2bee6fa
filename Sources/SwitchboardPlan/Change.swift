import SwitchboardModel

/// What happens to one row. A row with no file declaring it and no live row is a create; a live
/// row no file declares is a delete (a prune); both, with differences, an update.
public enum Change<Row: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// The row as it will be, and every field it sets.
    case create(Row, fields: [FieldChange])
    /// The row as it will be, and the fields that differ.
    case update(Row, fields: [FieldChange])
    /// The row as it is (secrets removed), and the fields it had.
    case delete(Row, fields: [FieldChange])

    // @inlinable: the appliers and renderers in other modules read these for every row of
    // 100,000-row plans; inlined, they are specialised instead of copying through witnesses.
    @inlinable
    public var row: Row {
        switch self {
        case .create(let row, _), .update(let row, _), .delete(let row, _): row
        }
    }

    @inlinable
    public var fields: [FieldChange] {
        switch self {
        case .create(_, let fields), .update(_, let fields), .delete(_, let fields): fields
        }
    }

    @inlinable
    public var action: Action {
        switch self {
        case .create: .create
        case .update: .update
        case .delete: .delete
        }
    }
}

public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
    case create, update, delete
}
