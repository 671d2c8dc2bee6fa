/// A row switchboard manages, whatever its kind: the one thing every layer asks of a kind (its
/// name, how `switchboard_managed` records it, where a file declares it). Each kind conforms in
/// its own file; the planner, renderers and drivers add their own protocols on top of this one.
public protocol ManagedRow: Hashable, Sendable, Codable {
    static var kind: ResourceKind { get }
    /// The row's record in `switchboard_managed`.
    var managedKey: ManagedKey { get }
    /// Where a file declares it; nil for rows read from a database.
    var location: SourceLocation? { get }
}
