import Synchronization
import SwitchboardModel

/// What loading a directory of tenant files produced.
public struct LoadResult: Sendable {
    /// Every file's rows, in load order. The daemon's results merge them when first read: most of
    /// its edits plan only their own rows, and merging 100,000 routes on each was half its reading.
    public var state: DesiredState {
        get { rows.state }
        set {
            rows = MergedRows(newValue)
            counts = DeclaredCounts(newValue)
        }
    }
    /// Every problem found, sorted by file and line. The state is only to be used without errors.
    public var diagnostics: [Diagnostic]
    /// The files read, as paths under the directory name the user gave, in load order.
    public var files: [String]
    /// SHA-256 of each of `files`, in the same order (`SourceDigest`).
    public var fileDigests: [[UInt8]]
    /// How many rows of each kind `state` holds, known without merging it.
    public private(set) var counts: DeclaredCounts

    private var rows: MergedRows

    public var isValid: Bool { !diagnostics.hasErrors }

    init(state: DesiredState, diagnostics: [Diagnostic], files: [String], fileDigests: [[UInt8]]) {
        self.diagnostics = diagnostics
        self.files = files
        self.fileDigests = fileDigests
        counts = DeclaredCounts(state)
        rows = MergedRows(state)
    }

    /// The state of `contributions` is merged the first time it is read.
    init(merging contributions: [FileContribution], diagnostics: [Diagnostic], files: [String], fileDigests: [[UInt8]]) {
        self.diagnostics = diagnostics
        self.files = files
        self.fileDigests = fileDigests
        counts = DeclaredCounts(contributions)
        rows = MergedRows(merging: contributions)
    }
}

/// How many rows of each kind the files declare (also what the merged lists and the cross-file
/// index are sized for).
public struct DeclaredCounts: Sendable, Equatable {
    public var tenants = 0, routes = 0, sipAccounts = 0, workflowBindings = 0, channels = 0

    public init(tenants: Int, routes: Int, sipAccounts: Int, workflowBindings: Int, channels: Int) {
        (self.tenants, self.routes, self.sipAccounts, self.workflowBindings, self.channels) = (tenants, routes, sipAccounts, workflowBindings, channels)
    }

    init(_ state: DesiredState) {
        tenants = state.tenants.count
        routes = state.routes.count
        sipAccounts = state.sipAccounts.count
        workflowBindings = state.workflowBindings.count
        channels = state.channelConfigurations.count
    }

    init(_ contributions: [FileContribution]) {
        for index in contributions.indices {
            tenants += contributions[index].state.tenants.count
            routes += contributions[index].state.routes.count
            sipAccounts += contributions[index].state.sipAccounts.count
            workflowBindings += contributions[index].state.workflowBindings.count
            channels += contributions[index].state.channelConfigurations.count
        }
    }
}

/// A desired state, or the files' contributions it is merged from on first read (once, whichever
/// thread asks first; the contributions are let go then).
private final class MergedRows: Sendable {
    private enum Rows {
        case merged(DesiredState)
        case unmerged([FileContribution])
    }

    private let rows: Mutex<Rows>

    init(_ state: DesiredState) { rows = Mutex(.merged(state)) }

    init(merging contributions: [FileContribution]) { rows = Mutex(.unmerged(contributions)) }

    var state: DesiredState {
        rows.withLock { rows in
            switch rows {
            case .merged(let state):
                return state
            case .unmerged(let contributions):
                let state = DirectoryLoader.merged(contributions)
                rows = .merged(state)
                return state
            }
        }
    }
}
