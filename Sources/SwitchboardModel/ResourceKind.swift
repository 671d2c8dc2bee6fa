/// The kinds of rows switchboard manages, in the names the files and settings use.
public enum ResourceKind: String, CaseIterable, Hashable, Sendable, Comparable, Codable {
    case tenants
    case sipAccounts
    case routes
    case channels
    case workflowBindings

    public static func < (a: ResourceKind, b: ResourceKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
