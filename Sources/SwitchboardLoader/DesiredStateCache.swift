import Foundation
import SwitchboardModel

/// The daemon's view of the files: each file's contribution kept in memory, so that a change
/// re-reads only the files that changed, and the cross-file index is updated with those files only.
public struct DesiredStateCache: Sendable {
    /// The folder as the user named it (a git-sync symlink stays a symlink): files are named under it.
    public let directory: String
    private let options: LoadOptions
    private var contributions: [String: FileContribution] = [:]
    /// Each file's bytes as read, or why they could not be (too large, unreadable): compared with
    /// the disk (`matchesDisk`) to find missed events. A file still unreadable the same way is no
    /// difference, or each interval would read the whole folder again and warn of a missed event.
    private var reads: [String: Result<[UInt8], FileBytes.Failure>] = [:]
    /// The entries that are there but not read (a symlink leaving the repository…).
    private var refused: Set<String> = []
    /// The identities of every file's contribution, for the cross-file rules.
    private var rules: CrossFileRules
    /// The files in load order (byte order), kept sorted as files come and go.
    private var files: [String] = []
    /// Those of `files` that declare SIP accounts or workflow bindings: an edit's run takes all of
    /// them (a few files among 10,000), without looking at every file.
    private var accountFiles: [String] = []

    public init(directory: String, options: LoadOptions) {
        self.directory = FilePaths.trimmed(directory)
        self.options = options
        rules = CrossFileRules(targets: options.targets)
    }

    public var fileCount: Int { contributions.count }

    /// Reads every file again (at start, and when the folder itself was replaced). Returns how many.
    @discardableResult
    public mutating func reloadAll() throws -> Int {
        let entries = try TenantFolder(directory: directory, options: options).entries()
        let loader = TenantFileLoader(options: options)
        let loaded = parallelMap(entries.count) { Self.read(entries[$0], loader: loader) }
        let files = entries.map(\.path)
        contributions = Dictionary(uniqueKeysWithValues: zip(files, loaded.map(\.contribution)))
        reads = Dictionary(uniqueKeysWithValues: zip(files, loaded.map(\.read)))
        refused = Set(entries.filter { $0.refusal != nil }.map(\.path))
        rules = CrossFileRules(targets: options.targets)
        rules.add(loaded.map(\.contribution))
        self.files = files
        accountFiles = files.filter { contributions[$0]!.declaresAccounts }
        return files.count
    }

    /// Re-reads what changed under the folder: a file written, created or removed, or a folder
    /// created, moved in or removed (all the files under it). Returns how many files were read, and
    /// the scope of the change: what those files declared before and declare now.
    @discardableResult
    public mutating func refresh(_ paths: Set<String>) -> (read: Int, scope: PlanScope) {
        let loader = TenantFileLoader(options: options)
        guard let folder = try? TenantFolder(directory: directory, options: options) else { return (0, PlanScope()) }
        var read = 0
        var scope = PlanScope()
        var removed: Set<String> = [], added: Set<String> = []
        var accountsMoved = false
        for path in paths where isInside(path) {
            // What was there: the file, or everything under the folder.
            // The keys first: removing while iterating the dictionary's keys copied all 10,000 files.
            let under = path + "/"
            for known in contributions.keys.filter({ $0 == path || $0.hasPrefix(under) }) {
                scope.formUnion(PlanScope(contributions[known]!.state))
                rules.remove(contributions[known]!)
                accountsMoved = accountsMoved || contributions[known]!.declaresAccounts
                removed.insert(known)
                contributions[known] = nil
                reads[known] = nil
                refused.remove(known)
            }
            for entry in folder.entries(at: path) {
                let loaded = Self.read(entry, loader: loader)
                if let replaced = contributions[entry.path] {
                    rules.remove(replaced)
                    accountsMoved = accountsMoved || replaced.declaresAccounts
                } else {
                    added.insert(entry.path)
                }
                (contributions[entry.path], reads[entry.path]) = loaded
                accountsMoved = accountsMoved || loaded.contribution.declaresAccounts
                rules.add(loaded.contribution)
                if entry.refusal != nil { refused.insert(entry.path) }
                scope.formUnion(PlanScope(loaded.contribution.state))
                read += 1
            }
        }
        // A file written in place is removed and added again: the list changes only when files come or go.
        if removed != added { files = contributions.keys.sorted { $0.precedesInByteOrder($1) } }
        if accountsMoved { accountFiles = files.filter { contributions[$0]!.declaresAccounts } }
        return (read, scope)
    }

    /// The desired state and diagnostics of every file, as `DirectoryLoader.load` gives them; the
    /// state is merged when first read (an edit's run takes its rows from `state(in:)`).
    public func result() -> LoadResult {
        let current = files.map { contributions[$0]! }
        return DirectoryLoader.combine(current, files: files, digests: current.map(\.digest), rules: rules, indexed: true)
    }

    /// The rows of `scope` (as `PlanScope.filter` picks them from the whole state), found through
    /// the index of where each tenant and route is declared: an edit's run filtered 100,000 routes
    /// to find a few. Every SIP account and binding is kept, as the filter keeps them.
    public func state(in scope: PlanScope) -> DesiredState {
        var state = DesiredState()
        for file in accountFiles {
            state.sipAccounts += contributions[file]!.state.sipAccounts
            state.workflowBindings += contributions[file]!.state.workflowBindings
        }
        for id in scope.tenantIDs {
            for file in Set(rules.places(ofTenant: id).map(\.file)) {
                guard let contribution = contributions[file] else { continue }
                state.tenants += contribution.state.tenants.filter { $0.id == id }
                state.channelConfigurations += contribution.state.channelConfigurations.filter { $0.tenantID == id }
            }
        }
        for key in scope.routeKeys {
            for file in Set(rules.places(ofRoute: key).map(\.file)) {
                state.routes += contributions[file]?.state.routes.filter { $0.key == key } ?? []
            }
        }
        // In file order, as the filter gives them.
        state.tenants.sort { $0.location! < $1.location! }
        state.routes.sort { $0.location! < $1.location! }
        state.channelConfigurations.sort { $0.location! < $1.location! }
        return state
    }

    /// Whether the folder on disk holds exactly the files in memory, byte for byte (the daemon's
    /// interval and SIGHUP check: a missed inotify event costs at most one interval).
    public func matchesDisk() -> Bool {
        guard let entries = try? TenantFolder(directory: directory, options: options).entries(),
              entries.count == contributions.count
        else { return false }
        let reads = self.reads, refused = self.refused
        // On every core, as loading reads them: an open, a read and a compare per file.
        let matches = parallelMap(entries.count) { index in
            let entry = entries[index]
            guard let known = reads[entry.path] else { return false }
            guard (entry.refusal != nil) == refused.contains(entry.path) else { return false }
            return entry.refusal != nil || Self.same(FileBytes.read(entry.path), known)
        }
        return !matches.contains(false)
    }

    /// `==` at the concrete type: `Result`'s own `==` is generic in the standard library and went
    /// through `[UInt8]` byte by byte by witness table (two thirds of comparing 10,000 files).
    private static func same(_ read: Result<[UInt8], FileBytes.Failure>, _ known: Result<[UInt8], FileBytes.Failure>) -> Bool {
        switch (read, known) {
        case (.success(let bytes), .success(let knownBytes)): bytes == knownBytes
        case (.failure(let failure), .failure(let knownFailure)): failure == knownFailure
        default: false
        }
    }

    /// A refused entry is not read (its read is empty: `matchesDisk` looks at the refusal).
    private static func read(_ entry: TenantFolder.Entry, loader: TenantFileLoader)
        -> (contribution: FileContribution, read: Result<[UInt8], FileBytes.Failure>) {
        guard entry.refusal == nil else { return (DirectoryLoader.loadEntry(entry, loader: loader), .success([])) }
        let read = FileBytes.read(entry.path)
        return (DirectoryLoader.loadFile(entry.path, read: read, loader: loader), read)
    }

    /// Under the folder, and no hidden file or folder on the way (DESIGN §1).
    private func isInside(_ path: String) -> Bool {
        guard path.hasPrefix(directory + "/") else { return false }
        return !path.dropFirst(directory.count + 1).split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
