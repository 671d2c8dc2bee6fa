/// One database the repository drives (`targets:` in switchboard.yaml, DESIGN §9): a region or a
/// stage, with the tenants and SIP accounts it carries, its own hooks, and the wave it is applied in.
/// Without `targets:` there is one implicit target: `database`, every tenant, every account.
public struct Target: Hashable, Sendable {
    /// `[a-z0-9][a-z0-9-]*`, at most 63: it names the target in plans, flags, logs and metrics.
    public var name: String
    /// The URL as written, before `${VAR}` expansion. May hold a password: never print it as is.
    public var database: String
    public var tenants: TenantSelector = .everyTenant
    public var sipAccounts: AccountSelector = .all
    /// The target's own hooks; nil: the top-level `hooks:` (write `hooks: {}` for none).
    public var sipReload: SIPReloadHooks?
    public var notify: NotifyHook??
    /// Applied after every target of a lower wave succeeded; targets of one wave run side by side.
    public var wave = 1
    /// Where switchboard.yaml declares it.
    public var location: SourceLocation?

    public init(name: String, database: String) {
        self.name = name
        self.database = database
    }

    public static func isName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        return isAlphanumeric(bytes[0]) && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// The rows of `state` this target carries: its tenants with their routes and channels, its SIP
    /// accounts, and the workflow bindings to those accounts.
    public func select(_ state: DesiredState) -> DesiredState {
        select(state, tenants: tenantIDs(in: state))
    }

    /// The ids of the tenants of `state` this target carries.
    public func tenantIDs(in state: DesiredState) -> Set<Int64> {
        Set(state.tenants.lazy.filter(tenants.selects).map(\.id))
    }

    /// The rows of `state` (a part of the files, such as an edit's) that belong to `ids`, the
    /// tenants this target carries among all the files': a route of the part may belong to a
    /// tenant declared outside it.
    public func select(_ state: DesiredState, tenants ids: Set<Int64>) -> DesiredState {
        if tenants.all, sipAccounts == .all { return state }
        let tenantRows = state.tenants.filter { ids.contains($0.id) }
        let accounts = state.sipAccounts.filter(sipAccounts.selects)
        let labels = Set(accounts.map(\.label))
        return DesiredState(
            tenants: tenantRows,
            routes: state.routes.filter { ids.contains($0.tenantID) },
            sipAccounts: accounts,
            workflowBindings: state.workflowBindings.filter { labels.contains($0.accountLabel) },
            channelConfigurations: state.channelConfigurations.filter { ids.contains($0.tenantID) })
    }

    /// The settings one run against this target uses: its database, and its hooks when it has its
    /// own. `targets` stay: the files are read by the same rules, and no tenant file may read any
    /// target's credentials.
    public func settings(from shared: Settings) -> Settings {
        var settings = shared
        settings.database = database
        settings.databaseLocation = location
        if let sipReload { settings.sipReload = sipReload }
        if let notify { settings.notify = notify }
        return settings
    }
}
