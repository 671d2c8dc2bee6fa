/// When the daemon reconciles, as a value: told what happened and when, it says whether a run is
/// due and why. It never reads a clock (the caller passes the time), so it is tested with a fake one.
///
/// Rules: file events are read once the debounce has passed since the last one; a run is due when
/// the files changed (`start` for the first), on SIGHUP, on becoming leader, at the retry time after
/// a failure (backing off from 1 s, doubling to 30 s), and otherwise every interval.
struct DaemonSchedule<Instant: InstantProtocol> where Instant.Duration == Duration {
    enum Reason: String, Sendable {
        case start, files, interval, signal, leadership, retry
    }

    let debounce: Duration
    let interval: Duration
    static var firstBackoff: Duration { .seconds(1) }
    static var longestBackoff: Duration { .seconds(30) }

    /// The last file event not read yet.
    private(set) var lastFileEvent: Instant?
    private var filesChanged = false
    private var signalled = false
    private var becameLeader = false
    private var hasRun = false
    private var nextInterval: Instant
    private(set) var retryAt: Instant?
    private(set) var backoff: Duration = Self.firstBackoff

    /// - Parameter start: now; the first read of the files is due at once.
    init(debounce: Duration, interval: Duration, start: Instant) {
        self.debounce = debounce
        self.interval = interval
        lastFileEvent = start.advanced(by: .zero - debounce)
        nextInterval = start
    }

    // MARK: What happened

    mutating func noteFileEvent(at now: Instant) { lastFileEvent = now }
    mutating func noteSignal() { signalled = true }
    mutating func noteBecameLeader() { becameLeader = true }

    /// The debounced events were read; `changed`: they gave a valid desired state to apply.
    mutating func noteFilesRead(changed: Bool) {
        lastFileEvent = nil
        if changed { filesChanged = true }
    }

    /// A run ended at `now`; a failed one is retried with backoff.
    mutating func noteRun(at now: Instant, failed: Bool) {
        signalled = false
        filesChanged = false
        becameLeader = false
        hasRun = true
        nextInterval = now.advanced(by: interval)
        if failed {
            retryAt = now.advanced(by: backoff)
            backoff = min(backoff * 2, Self.longestBackoff)
        } else {
            retryAt = nil
            backoff = Self.firstBackoff
        }
    }

    // MARK: What is due

    /// Whether pending file events have been quiet for the debounce.
    func filesSettled(at now: Instant) -> Bool {
        guard let lastFileEvent else { return false }
        return lastFileEvent.duration(to: now) >= debounce
    }

    /// The reason to run now, or nil.
    func due(at now: Instant) -> Reason? {
        if signalled { return .signal }
        if filesChanged { return hasRun ? .files : .start }
        if becameLeader { return .leadership }
        if let retryAt { return now >= retryAt ? .retry : nil }
        return now >= nextInterval ? .interval : nil
    }
}

/// What a daemon run came to, as `/status`, the logs and `switchboard_runs_total{outcome}` name it.
enum RunOutcome: String, Sendable {
    case applied
    case noChange = "no-change"
    /// Drift found on an interval run with self-heal off: reported, not repaired.
    case driftReported = "drift-reported"
    /// The guard, the policy or a protected row.
    case refused
    case invalidFiles = "invalid-files"
    case error
}
