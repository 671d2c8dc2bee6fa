import SwitchboardStore

/// A connection kept open between runs (the daemon's: connecting and checking the migrations took
/// a third of an edit's work). One thread at a time uses it — the daemon's serial worker — hence
/// unchecked. A run that fails on the database drops it; the next one connects again.
public final class KeptConnection: @unchecked Sendable {
    public let target: DatabaseTarget
    private var open: (any DatabaseConnection)?
    /// A second one, to read beside the first (`StateReader.read(alongside:)`); opened when first asked for.
    private var side: (any DatabaseConnection)?
    /// The migrations ran on this connection's database since it was opened.
    var migrated = false

    public init(target: DatabaseTarget) { self.target = target }

    /// Whether the next run reuses an open connection (a failure then may be a stale connection).
    public var isOpen: Bool { open != nil }

    func connection() throws -> any DatabaseConnection {
        if let open { return open }
        let connection = try Database.connect(target)
        open = connection
        migrated = false
        return connection
    }

    /// The second connection, outside any transaction between runs.
    func sideConnection() throws -> any DatabaseConnection {
        if let side { return side }
        let connection = try Database.connect(target)
        side = connection
        return connection
    }

    /// Closes both: after a database error, or when the daemon stops.
    public func drop() {
        open?.close()
        open = nil
        side?.close()
        side = nil
        migrated = false
    }
}
