import SwitchboardModel

/// What `/status` answers (JSON), and what `/readyz` decides on.
public struct DaemonStatus: Encodable, Sendable {
    public struct Run: Encodable, Sendable {
        /// ISO-8601.
        public var at: String
        /// `applied`, `no-change`, `drift-reported` (no self-heal), `refused`, `invalid-files`, `error`.
        public var outcome: String
        /// Why it ran: `start`, `files`, `interval`, `signal`, `leadership`, `retry`.
        public var trigger: String
        /// `full`, or what an edit touched (`2 tenant(s), 5 route(s)`): only that was read and planned.
        public var scope: String
        public var seconds: Double
        /// Changes planned (applied unless refused or only reported).
        public var changes: Int
        public var summary: String?
    }

    public struct Problem: Encodable, Sendable {
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var message: String
    }

    public struct Counts: Encodable, Sendable {
        public var files = 0
        public var tenants = 0
        public var routes = 0
        public var sipAccounts = 0
        public var channels = 0
    }

    /// The latest check of a SIP account or channel (after the apply that changed it).
    public struct Check: Encodable, Sendable {
        public var kind: String
        public var name: String
        public var status: String
        public var detail: String
        public var milliseconds: Int
        /// ISO-8601.
        public var at: String
        var key: ManagedKey

        enum CodingKeys: String, CodingKey { case kind, name, status, detail, milliseconds, at }
    }

    /// With `targets:`: the target (also as `name`, as plans name it), its database (without
    /// password) and its wave.
    public var target: String?
    public var name: String?
    public var database: String?
    public var wave: Int?
    public var leader = false
    /// The database answered on the last attempt.
    public var databaseReachable = false
    /// The files as they are now are valid (when not, the last good state is the one applied).
    public var configValid = false
    /// The git revision of the files applied (nil outside a git checkout).
    public var revision: String?
    /// The desired state in use: the last valid one.
    public var counts = Counts()
    public var lastRun: Run?
    public var lastSuccessAt: String?
    /// Current problems: the files' errors with their places, or the database's error.
    public var errors: [Problem] = []
    /// Rows found different from the files on the last interval check, before repair.
    public var driftRows = 0
    public var selfHeal = true
    /// Reloads of the SIP manager recorded as not delivered yet.
    public var reloadPending = 0
    /// Digest of the files as last read from disk, and of the files last applied (`SourceDigest`).
    public var filesDigest: String?
    public var appliedDigest: String?
    /// The files on disk are the ones last applied. False while they are invalid, while a plan of
    /// them is refused, and until the first apply of an edit; the interval check re-reads the
    /// folder when memory and disk disagree.
    public var filesApplied = false
    /// The latest check of each row the daemon checked, by kind and name.
    public var checks: [Check] = []

    /// Replaces the rows' earlier results, and forgets rows no file declares any more.
    mutating func record(checks results: [CheckResult], at time: String, keeping declared: Set<ManagedKey>) {
        let fresh = results.map { Check(kind: $0.kind.rawValue, name: $0.name, status: $0.status.rawValue, detail: $0.detail,
                                        milliseconds: $0.milliseconds, at: time, key: $0.key) }
        let replaced = Set(results.map(\.key))
        checks = (checks.filter { !replaced.contains($0.key) && declared.contains($0.key) } + fresh)
            .sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    mutating func noteDigests(files: String? = nil, applied: String? = nil) {
        if let files { filesDigest = files }
        if let applied { appliedDigest = applied }
        filesApplied = filesDigest != nil && filesDigest == appliedDigest
    }

    /// Leader or standby, with a working database and a valid last load.
    public var isReady: Bool { databaseReachable && configValid }

    static func problem(_ diagnostic: Diagnostic) -> Problem {
        Problem(file: diagnostic.location.file, line: diagnostic.location.line, column: diagnostic.location.column,
                message: diagnostic.message)
    }
}
