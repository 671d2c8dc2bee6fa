import SwitchboardModel
import SwitchboardPlan

/// A kind of row as the database holds it, in terms both drivers read: its table's shape and the
/// row's values for it. Each kind conforms in its own file in this folder; each driver turns the
/// shape into its own SQL (`SQLiteApplier`, `PostgresApplier`), so adding a kind is one new file
/// here and no new branch in either driver.
protocol StoredRow: PlannedRow {
    static var storage: RowStorage { get }
    /// The row's values in the order of `storage`'s columns, secrets resolved at the last moment.
    func columnValues(_ values: RowValues) throws -> [SQLValue]
    /// The values of the identity columns: what a delete matches.
    var identityValues: [SQLValue] { get }
    /// Making a row's values takes long (a channel's settings are encrypted): a driver that
    /// writes on one core makes them on another, ahead of their turn.
    static var valuesAreCostly: Bool { get }
}

extension StoredRow {
    static var valuesAreCostly: Bool { false }
}

/// Where a kind's rows live.
enum RowStorage: Sendable {
    /// Rows of their own table, upserted on their identity.
    case table(TableShape)
    /// Workflow bindings are no rows of their own: they set `workflow_definitions.sip_account_id`
    /// of the workflow (`columnValues`: slug, account label; `identityValues`: slug).
    case workflowAccount
}

/// A table switchboard writes: its columns, identity first. `created_at` and `updated_at` are
/// every table's and not listed.
struct TableShape: Sendable {
    let name: String
    let columns: [StoredColumn]
    /// How many of the first columns are the row's identity (the conflict target).
    let identityCount: Int
    /// A column the platform's schema fills with a random UUID by default (`channel_configurations.id`,
    /// `gen_random_uuid()`), filled by the driver instead for the rows it creates where the column
    /// holds UUIDs as text can give them (an older platform's may be an integer). The database's
    /// default cost more than the rest of such a row: PostgreSQL's COPY inserts row by row into a
    /// table with a volatile default, and SQLite's expression draws five random blobs (10,000
    /// channel rows inserted alone: 40–53 → 25–32 ms on PostgreSQL, 45–49 → 24–25 ms on SQLite).
    var newRowUUID: String?

    var identityColumns: ArraySlice<StoredColumn> { columns.prefix(identityCount) }
    var otherColumns: ArraySlice<StoredColumn> { columns.dropFirst(identityCount) }
}

struct StoredColumn: Sendable {
    enum ColumnType: Sendable {
        case bigint, integer, text, boolean
        /// JSON, written as text (PostgreSQL: `jsonb`).
        case json
    }

    /// The column's name in the platform's schema; a driver may spell it its own way
    /// (`DatabaseConnection.columnName`).
    let name: String
    let type: ColumnType

    init(_ name: String, _ type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// One step of `Plan.order` as a driver writes it: the rows' values, by what to do with them.
struct StoredStep: Sendable {
    /// Rows known absent (the plan was computed under the lock).
    var creates: [[SQLValue]] = []
    var updates: [[SQLValue]] = []
    /// Identity values of the rows to delete.
    var deletes: [[SQLValue]] = []

    /// Above this many changes the rows' values are made in two halves at once (each channel's
    /// settings are encrypted, every value is formatted): the database waits for them meanwhile.
    static let halvesFrom = 8_192

    init<Row: StoredRow>(_ changes: ArraySlice<Change<Row>>, actions: Set<Action>, values: RowValues) throws {
        guard changes.count >= Self.halvesFrom else {
            try add(changes, actions: actions, values: values)
            return
        }
        let middle = changes.startIndex + changes.count / 2
        func made(_ half: ArraySlice<Change<Row>>) -> Result<StoredStep, any Error> {
            var step = StoredStep()
            return Result { try step.add(half, actions: actions, values: values); return step }
        }
        let (firstHalf, secondHalf) = inParallel({ made(changes[..<middle]) }, { made(changes[middle...]) })
        // The first half's error first: the one a single pass would have met.
        let first = try firstHalf.get(), second = try secondHalf.get()
        (creates, updates, deletes) = (first.creates + second.creates, first.updates + second.updates, first.deletes + second.deletes)
    }

    private init() {}

    private mutating func add<Row: StoredRow>(_ changes: ArraySlice<Change<Row>>, actions: Set<Action>, values: RowValues) throws {
        for change in changes where actions.contains(change.action) {
            switch change.action {
            case .create: creates.append(try change.row.columnValues(values))
            case .update: updates.append(try change.row.columnValues(values))
            case .delete: deletes.append(change.row.identityValues)
            }
        }
    }

    var upserts: [[SQLValue]] { creates + updates }

    /// The created rows, each with a new random UUID after its columns (`TableShape.newRowUUID`).
    var createsWithNewUUIDs: [[SQLValue]] { creates.map { $0 + [.text(RandomUUID.text())] } }
}

extension Plan {
    /// The rows of one step of `Plan.order`, ready for a driver.
    func storedStep(_ kind: ResourceKind, _ actions: Set<Action>, values: RowValues) throws -> StoredStep {
        try changes(of: kind, WholeStep(actions: actions, values: values))
    }

    /// The same step in pieces of at most `size` changes, each piece's values made when it is
    /// called: a million routes' values are not all held at once.
    func storedPieces(_ kind: ResourceKind, _ actions: Set<Action>, values: RowValues, size: Int) -> [() throws -> StoredStep] {
        changes(of: kind, Pieces(actions: actions, values: values, size: size))
    }

    /// Whether the values of this kind's rows take long to make (`StoredRow.valuesAreCostly`).
    func valuesAreCostly(_ kind: ResourceKind) -> Bool { changes(of: kind, Costly()) }

    /// Where this kind's rows live.
    func storage(of kind: ResourceKind) -> RowStorage { changes(of: kind, Storage()) }

    /// The `TableShape.newRowUUID` column of `kind`'s table, when this step of `Plan.order`
    /// creates rows in it; each driver then asks its catalogue whether the column takes a UUID.
    func newRowUUIDColumn(_ kind: ResourceKind, _ actions: Set<Action>) -> (table: String, column: String)? {
        guard case .table(let table) = storage(of: kind), let column = table.newRowUUID, actions.contains(.create),
              count(of: .create, in: kind) > 0 else { return nil }
        return (table.name, column)
    }

    /// The one place the store lists the kinds a plan holds: `reader` gets the changes of `kind`,
    /// typed.
    private func changes<Reader: ChangesReader>(of kind: ResourceKind, _ reader: Reader) throws(Reader.Failure) -> Reader.Output {
        switch kind {
        case .tenants: try reader.read(tenants)
        case .sipAccounts: try reader.read(sipAccounts)
        case .routes: try reader.read(routes)
        case .channels: try reader.read(channels)
        case .workflowBindings: try reader.read(workflowBindings)
        }
    }
}

/// Something made from one kind's changes, whatever the kind (Swift has no generic closures).
private protocol ChangesReader {
    associatedtype Output
    associatedtype Failure: Error
    func read<Row: StoredRow>(_ changes: [Change<Row>]) throws(Failure) -> Output
}

private struct WholeStep: ChangesReader {
    let actions: Set<Action>, values: RowValues
    func read<Row: StoredRow>(_ changes: [Change<Row>]) throws(any Error) -> StoredStep {
        try StoredStep(changes[...], actions: actions, values: values)
    }
}

private struct Pieces: ChangesReader {
    let actions: Set<Action>, values: RowValues, size: Int
    func read<Row: StoredRow>(_ changes: [Change<Row>]) throws(Never) -> [() throws -> StoredStep] {
        let (actions, values) = (actions, values)
        return stride(from: 0, to: max(changes.count, 1), by: size).map { start in
            { try StoredStep(changes[start..<min(start + size, changes.count)], actions: actions, values: values) }
        }
    }
}

private struct Costly: ChangesReader {
    func read<Row: StoredRow>(_ changes: [Change<Row>]) throws(Never) -> Bool { Row.valuesAreCostly }
}

private struct Storage: ChangesReader {
    func read<Row: StoredRow>(_ changes: [Change<Row>]) throws(Never) -> RowStorage { Row.storage }
}
