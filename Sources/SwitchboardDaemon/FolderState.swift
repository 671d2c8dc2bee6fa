import SwitchboardLoader
import SwitchboardModel
import SwitchboardReconcile

/// The daemon's view of the folder (DESIGN §5): every file in memory, the last valid desired state
/// (what is applied, and repaired to, while the files are invalid), and what changed since the last
/// apply, which an edit's run plans alone. A value: the actor keeps it, the worker reads the files.
struct FolderState: Sendable {
    /// What one read of the files gave.
    struct Read: Sendable {
        var files: Int
        var load: LoadResult
        /// `SourceDigest` of the files as read.
        var digest: String
    }

    /// Above this many tenants and routes, a full plan is as quick as a scoped one.
    static let largestScope = 5_000

    /// The files in memory, shared by every copy of this value and changed in place by `reading()`
    /// (on the daemon's serial worker only): a value here was copied on each edit, 100,000 routes'
    /// indexes with it, because the actor still held the value being read from.
    private let cache: CacheBox
    /// The last valid desired state, and its digest.
    private(set) var lastGood: LoadResult?
    private(set) var lastGoodDigest: String?
    /// The files in memory are the last good state (the last read was valid).
    private var cacheIsLastGood = false
    /// The tenants and routes the changed files touched since the last apply; nil: plan everything.
    private var pendingScope: PlanScope? = PlanScope()
    private var pendingPaths: Set<String> = []
    /// The first read, a swap of the folder or a missed event: everything is read again.
    private var pendingReplaced = true

    init(cache: DesiredStateCache) { self.cache = CacheBox(cache) }

    mutating func note(_ event: WatchEvent) {
        switch event {
        case .changed(let paths): pendingPaths.formUnion(paths)
        case .replaced: pendingReplaced = true
        }
    }

    /// The folder on disk differs from memory (an event inotify missed): read it all again.
    mutating func noteMissedEvents() { pendingReplaced = true }

    /// Reads what the events named, everything after a swap (blocking: call it on the worker).
    /// Returns the state after the read, and what it gave.
    func reading() throws -> (FolderState, Read) {
        var next = self
        next.pendingPaths = []
        next.pendingReplaced = false
        let (count, scope): (Int, PlanScope?) = pendingReplaced ? (try cache.value.reloadAll(), nil) : cache.value.refresh(pendingPaths)
        // What the next apply must plan: every change since the last one (edits made while the files
        // were invalid included), or everything after a swap.
        if let scope { next.pendingScope?.formUnion(scope) } else { next.pendingScope = nil }
        let load = cache.value.result()
        let digest = SourceDigest.of(load)
        if load.isValid {
            next.lastGood = load
            next.lastGoodDigest = digest
        }
        next.cacheIsLastGood = load.isValid
        return (next, Read(files: count, load: load, digest: digest))
    }

    /// A read failed: what is in memory is unknown, so the next apply plans everything.
    mutating func readFailed() {
        cacheIsLastGood = false
        pendingPaths = []
        pendingReplaced = false
        pendingScope = nil
    }

    /// What a run for `reason` plans: after an edit, the scope of the changes (when small enough);
    /// otherwise everything.
    func scope(for reason: DaemonSchedule<ContinuousClock.Instant>.Reason) -> PlanScope? {
        guard reason == .files, let pendingScope, pendingScope.count <= Self.largestScope else { return nil }
        return pendingScope
    }

    /// The last good state's rows in `scope`, from the index of the files in memory; nil while
    /// memory holds newer, invalid files (the caller filters the last good state instead).
    /// Blocking: call it on the worker.
    func scopedState(_ scope: PlanScope) -> DesiredState? {
        guard cacheIsLastGood else { return nil }
        return cache.value.state(in: scope)
    }

    /// The files as they are now are applied: nothing pending.
    mutating func noteApplied() { pendingScope = PlanScope() }

    /// A run failed: the next one plans everything.
    mutating func noteRunFailed() { pendingScope = nil }

    /// Whether the folder on disk holds exactly the files in memory (blocking).
    func matchesDisk() -> Bool { cache.value.matchesDisk() }
}

/// The one copy of the daemon's files in memory. Only the daemon's serial worker reads or changes
/// it (`FolderState.reading`, `matchesDisk`), hence unchecked.
final class CacheBox: @unchecked Sendable {
    var value: DesiredStateCache

    init(_ value: DesiredStateCache) { self.value = value }
}
