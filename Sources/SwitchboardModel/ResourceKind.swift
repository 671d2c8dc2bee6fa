/// The kinds of rows switchboard manages, in the names the files and settings use.
public enum ResourceKind: String, CaseIterable, Hashable, Sendable, Comparable, Codable {
    case tenants
    case sipAccounts
    case routes
    case channels
    case workflowBindings

    /// Its place among the kinds (the order of the cases), for hashing and ordering: hashing the
    /// kind itself hashes its name.
    var ordinal: UInt8 {
        switch self {
        case .tenants: 0
        case .sipAccounts: 1
        case .routes: 2
        case .channels: 3
        case .workflowBindings: 4
        }
    }

    public static func < (a: ResourceKind, b: ResourceKind) -> Bool {
        a.ordinal < b.ordinal
    }
}
