import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCheck
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile
import SwitchboardStore
import UnixSignals

/// `switchboard daemon` (DESIGN §5): keeps the database in line with the folder. Reconciles when
/// files change (inotify, debounced; only the changed files are read again), every interval (drift
/// made by hand), on SIGHUP, and on becoming leader; one leader among replicas; retries a database
/// that went away with backoff and a SIP reload left pending. A SIGTERM lets a running
/// transaction finish, then the service returns (exit 0).
///
/// The actor holds the state; blocking work (files, libpq, SQLite) runs on `BlockingWorker`, so
/// `/status` answers while a reconcile runs.
public actor ReconcileDaemon: Service {
    enum Trigger: Sendable {
        case files(WatchEvent)
        case signal
        case tick
    }

    typealias Reason = DaemonSchedule<ContinuousClock.Instant>.Reason

    let configuration: DaemonConfiguration
    let logger: Logger
    let metrics: DaemonMetrics
    /// With `targets:`: the waves' order, shared by every target's daemon.
    private let waves: WaveGate?
    /// The earlier-wave targets last waited for (logged once per change).
    private var waitingFor: [String] = []
    private let worker = BlockingWorker()
    private let leaderLock: any LeaderLock
    private let decryptionCache = DecryptionCache()
    /// The applies' connection, kept open between runs (used on `worker` only).
    private let kept: KeptConnection

    /// The files in memory, the last good state, what changed since the last apply.
    private var folder: FolderState
    private let reload: ReloadRetry
    private let notifier: Notifier
    /// The pending reloads last notified (`hooks.notify` on `reloadPending`).
    private var notifiedPending = 0
    private(set) var status = DaemonStatus()

    /// When to read the files and when to reconcile (a pure value; this actor only feeds it).
    private var schedule: DaemonSchedule<ContinuousClock.Instant>
    private var nextLeaderPoll = ContinuousClock.now
    /// Every second; backing off to 5 s while the database does not answer.
    private var leaderPollDelay: Duration = .seconds(1)
    private var lastLoggedProblem: String?
    /// Wakes the loop when the debounce time of a file event is over (not at the next tick).
    private var wake: AsyncStream<Trigger>.Continuation?

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.init(configuration: configuration, logger: logger, metrics: DaemonMetrics(), waves: nil)
    }

    init(configuration: DaemonConfiguration, logger: Logger, metrics: DaemonMetrics, waves: WaveGate?) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.waves = waves
        leaderLock = Database.leaderLock(for: configuration.target)
        kept = KeptConnection(target: configuration.target)
        schedule = DaemonSchedule(debounce: configuration.debounce, interval: configuration.interval, start: .now)
        folder = FolderState(cache: DesiredStateCache(
            directory: configuration.directory, options: LoadOptions(settings: configuration.settings, directory: configuration.directory)))
        reload = ReloadRetry(target: configuration.target,
                             hooks: ReloadHooks(hooks: configuration.settings.sipReload, environment: configuration.environment),
                             logger: logger)
        notifier = Notifier(hook: configuration.settings.notify, database: configuration.target.description,
                            environment: configuration.environment, logger: logger)
        status.selfHeal = configuration.selfHeal
        if let target = configuration.selection {
            status.target = target.name
            status.name = target.name
            status.database = configuration.target.description
            status.wave = target.wave
        }
    }

    public func run() async throws { try await run(serving: true) }

    /// - Parameter serving: answer HTTP on `listen` (false: a `DaemonFleet` answers for every target).
    func run(serving: Bool) async throws {
        let (triggers, continuation) = AsyncStream.makeStream(of: Trigger.self)
        wake = continuation
        let watcher = try DirectoryWatcher(directory: configuration.directory)
        let server = serving ? StatusServer(source: self, host: configuration.listenHost, port: configuration.listenPort) : nil
        let background = [
            Task { for await event in watcher.events { continuation.yield(.files(event)) } },
            Task { for await _ in await UnixSignalsSequence(trapping: .sighup) { continuation.yield(.signal) } },
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    continuation.yield(.tick)
                }
            },
        ]
        let listening = Task { try await server?.run() }
        try await server?.waitUntilListening()
        logger.info(serving ? "switchboard daemon started" : "target started", metadata: [
            "directory": "\(configuration.directory)", "database": "\(configuration.target)",
            "listen": "http://\(configuration.listenHost):\(configuration.listenPort)",
            "interval": .stringConvertible(configuration.interval.seconds), "selfHeal": .stringConvertible(configuration.selfHeal),
        ])

        // A graceful shutdown ends the loop between two events: a cycle that is running (a
        // transaction) is awaited to its end first.
        for await trigger in triggers.cancelOnGracefulShutdown() {
            await handle(trigger)
        }

        logger.info("stopping: no transaction running")
        watcher.stop()
        for task in background { task.cancel() }
        continuation.finish()
        await server?.stop()
        listening.cancel()
        let lock = leaderLock, kept = self.kept
        _ = try? await worker.run {
            lock.release()
            kept.drop()
        }
        logger.info("switchboard daemon stopped")
    }

    private func handle(_ trigger: Trigger) async {
        switch trigger {
        case .files(let event):
            folder.note(event)
            schedule.noteFileEvent(at: .now)
            wakeAfterDebounce()
        case .signal:
            logger.info("SIGHUP: reconciling now")
            schedule.noteSignal()
        case .tick:
            break
        }
        let now = ContinuousClock.now
        if now >= nextLeaderPoll {
            await pollLeadership()
            nextLeaderPoll = now + leaderPollDelay
        }
        if schedule.filesSettled(at: now) { await readChangedFiles() }
        guard status.leader, folder.lastGood != nil else { return }
        if let reason = schedule.due(at: now) { await cycle(reason) }
    }

    private func wakeAfterDebounce() {
        let wake = self.wake, debounce = configuration.debounce
        Task {
            try? await Task.sleep(for: debounce)
            wake?.yield(.tick)
        }
    }

    // MARK: - Leadership

    private func pollLeadership() async {
        let lock = leaderLock
        do {
            let leads = try await worker.run { try lock.poll() }
            if leads, !status.leader {
                logger.info("leader: this replica applies the files")
                schedule.noteBecameLeader()
            } else if !leads, !status.leader, !status.databaseReachable {
                logger.info("standby: another replica is leader")
            }
            status.leader = leads
            waves?.noteLeadership(status.target ?? "", leads: leads)
            leaderPollDelay = .seconds(1)
            if !status.databaseReachable, schedule.retryAt == nil {
                // The database answers again (a standby, or a leader between cycles).
                status.databaseReachable = true
                clearProblem()
            }
        } catch {
            if status.leader { logger.warning("lost leadership: \(error)") }
            status.leader = false
            waves?.noteLeadership(status.target ?? "", leads: false)
            status.databaseReachable = false
            report(problem: "database: \(error)")
            leaderPollDelay = min(leaderPollDelay * 2, .seconds(5))
        }
        metrics.update(status)
    }

    // MARK: - Files

    /// The debounced changes, read: only the files named (everything after a swap of the folder).
    private func readChangedFiles() async {
        let folder = self.folder
        let started = ContinuousClock.now
        do {
            let (updated, read) = try await worker.run { try folder.reading() }
            self.folder = updated
            status.noteDigests(files: read.digest)
            logger.info("files read", metadata: ["files": .stringConvertible(read.files), "seconds": .stringConvertible(Self.rounded((ContinuousClock.now - started).seconds))])
            accept(read.load)
            schedule.noteFilesRead(changed: read.load.isValid)
        } catch {
            self.folder.readFailed()
            schedule.noteFilesRead(changed: false)
            status.configValid = false
            report(problem: "\(error)")
        }
    }

    private func accept(_ load: LoadResult) {
        guard load.isValid else {
            status.configValid = false
            status.errors = load.diagnostics.filter(\.isError).map(DaemonStatus.problem)
            for diagnostic in load.diagnostics where diagnostic.isError { logger.error("\(diagnostic)") }
            logger.error("invalid files: nothing applied; keeping the last good state", metadata: [
                "errors": .stringConvertible(status.errors.count)])
            metrics.recordRun(outcome: RunOutcome.invalidFiles.rawValue, seconds: 0)
            metrics.update(status)
            return
        }
        if !status.configValid, folder.lastGood != nil { logger.info("files valid again") }
        status.configValid = true
        status.errors = []
        if configuration.selection == nil {
            // Counted without merging the files' rows (an edit's run does not need them merged).
            status.counts = DaemonStatus.Counts(
                files: load.files.count, tenants: load.counts.tenants, routes: load.counts.routes,
                sipAccounts: load.counts.sipAccounts, channels: load.counts.channels)
        } else {
            let state = selected(load.state)
            status.counts = DaemonStatus.Counts(
                files: load.files.count, tenants: state.tenants.count, routes: state.routes.count,
                sipAccounts: state.sipAccounts.count, channels: state.channelConfigurations.count)
        }
        metrics.update(status)
    }

    /// Whether the folder on disk still holds exactly the files in memory.
    private func filesMatchDisk() async -> Bool {
        let folder = self.folder
        return (try? await worker.run { folder.matchesDisk() }) ?? false
    }

    // MARK: - Reconcile

    private func cycle(_ reason: Reason) async {
        let dryRun = reason == .interval && !configuration.selfHeal
        // A later wave applies the files only after the earlier waves did (asked again at each tick).
        if !dryRun, let waves, case let earlier = waves.waitingFor(status.target ?? "", digest: folder.lastGoodDigest), !earlier.isEmpty {
            if earlier != waitingFor { logger.info("waiting for the earlier wave: \(earlier.joined(separator: ", ")) not at these files yet") }
            waitingFor = earlier
            return
        }
        waitingFor = []
        // The interval and SIGHUP compare the folder on disk with memory: an event inotify missed
        // (or a folder swapped where no watch could see it) costs at most one interval.
        if reason == .interval || reason == .signal, await !filesMatchDisk() {
            logger.warning("the files on disk differ from those in memory (a missed event): reading the folder again")
            folder.noteMissedEvents()
            await readChangedFiles()
        }
        guard let load = folder.lastGood else { return }
        var options = Reconciler.Options(directory: configuration.directory, settings: configuration.settings,
                                         target: configuration.target)
        options.dryRun = dryRun
        options.encryptionKeyFile = configuration.encryptionKeyFile
        options.requireKey = configuration.requireKey
        options.environment = configuration.environment
        options.decryptionCache = decryptionCache
        options.sourceDigest = folder.lastGoodDigest
        // Checks report after the commit, unless the gate requires them before the write.
        options.checks = configuration.checks
        options.checksAfterCommit = !configuration.settings.gate.checksRequired
        // After an edit, only what the changed files touch; on every other trigger, everything.
        options.scope = folder.scope(for: reason)
        options.selection = configuration.selection
        let scopeText = options.scope.map { "\($0.tenantIDs.count) tenant(s), \($0.routeKeys.count) route(s)" } ?? "full"
        let reconcileOptions = options
        let directory = configuration.directory
        let kept = self.kept, files = self.folder

        let started = ContinuousClock.now
        var outcome = RunOutcome.error
        var databaseDown = false
        var changes = 0
        var summary: String?
        do {
            let (result, revision) = try await worker.run {
                var options = reconcileOptions
                options.scopedDesired = options.scope.flatMap(files.scopedState)
                let result = try Self.reconcile(options, load: load, kept: kept)
                // An apply read the revision already (one `git` process less per edit).
                return (result, options.dryRun ? SourceDigest.gitRevision(of: directory) : result.revision)
            }
            let plan = result.plan
            changes = plan.changeCount
            summary = plan.summaryLine
            outcome = plan.refusal != nil ? .refused : result.applied ? .applied : plan.isEmpty ? .noChange : .driftReported
            if reason == .interval { status.driftRows = changes }
            status.databaseReachable = true
            status.revision = revision
            status.lastSuccessAt = Self.timestamp()
            // The files as they are now are applied (not an older good state while they are invalid).
            if plan.refusal == nil, status.configValid { folder.noteApplied() }
            if plan.refusal == nil, !dryRun || plan.isEmpty {
                status.noteDigests(applied: reconcileOptions.sourceDigest)
                waves?.noteApplied(status.target ?? "", digest: reconcileOptions.sourceDigest)
            }
            clearProblem()
            log(outcome: outcome, plan: plan, reason: reason, seconds: (ContinuousClock.now - started).seconds,
                scope: scopeText, phases: result.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", "))
            if result.applied { metrics.recordChanges(plan) }
            switch outcome {
            case .applied: notifier.send(.applied, plan.summaryLine, revision: revision)
            case .refused: notifier.send(.refused, plan.refusal ?? "refused", revision: revision)
            case .driftReported: notifier.send(.drift, "\(plural(changes, "row")) differ from the files (self-heal is off): \(plan.summaryLine)", revision: revision)
            default: break
            }
            if reason == .interval, result.applied, changes > 0 {
                notifier.send(.drift, "\(plural(changes, "row")) differed from the files and were repaired: \(plan.summaryLine)", revision: revision)
            }
            if !result.checks.isEmpty { record(checks: result.checks, declared: load.state) }
            if result.pendingChecks.count > Self.checksAfterApplyLimit {
                // A first apply or an adoption changes every row: that many logins at once would look
                // like an attack to the tenants' mail servers. `switchboard check` does it on purpose.
                logger.notice("\(result.pendingChecks.count) SIP accounts and channels changed: more than \(Self.checksAfterApplyLimit), not checked after this apply (run `switchboard check`)")
            } else if !result.pendingChecks.isEmpty {
                startChecks(result.pendingChecks, declared: load.state)
            }
            if result.applied, let payload = result.reload { _ = await reload.deliver(payload) }
        } catch let error as ReconcileError {
            folder.noteRunFailed()
            if case .database = error {
                status.databaseReachable = false
                databaseDown = true
                logger.error("database: \(error); retrying in \(schedule.backoff)")
            } else {
                for diagnostic in error.diagnostics { logger.error("\(diagnostic)") }
                logger.error("\(error)")
            }
            status.errors = error.diagnostics.filter(\.isError).map(DaemonStatus.problem)
            if status.errors.isEmpty { status.errors = [DaemonStatus.Problem(message: "\(error)")] }
        } catch {
            folder.noteRunFailed()
            logger.error("\(error)")
            status.errors = [DaemonStatus.Problem(message: "\(error)")]
        }
        let seconds = (ContinuousClock.now - started).seconds
        status.lastRun = DaemonStatus.Run(at: Self.timestamp(), outcome: outcome.rawValue, trigger: reason.rawValue, scope: scopeText,
                                          seconds: seconds, changes: changes, summary: summary)
        metrics.recordRun(outcome: outcome.rawValue, seconds: seconds)
        schedule.noteRun(at: .now, failed: databaseDown)
        if outcome != .error { await retryPendingReload() }
        metrics.update(status)
    }

    /// One run on the kept connection. A database error drops it; one on a connection kept from an
    /// earlier run (the server may have closed it meanwhile) is tried once more on a new one.
    private static func reconcile(_ options: Reconciler.Options, load: LoadResult, kept: KeptConnection) throws -> Reconciler.Result {
        let reused = kept.isOpen
        do {
            return try Reconciler(options: options).run(preloaded: load, kept: kept)
        } catch let error as ReconcileError {
            guard case .database = error else { throw error }
            kept.drop()
            guard reused else { throw error }
            return try Reconciler(options: options).run(preloaded: load, kept: kept)
        }
    }

    private func log(outcome: RunOutcome, plan: Plan, reason: Reason, seconds: Double, scope: String, phases: String) {
        let metadata: Logger.Metadata = ["trigger": "\(reason.rawValue)", "scope": "\(scope)", "seconds": .stringConvertible(Self.rounded(seconds)),
                                         "revision": "\(status.revision ?? "-")", "phases": "\(phases)"]
        switch outcome {
        case .applied: logger.info("applied: \(plan.summaryLine)", metadata: metadata)
        case .refused: logger.error("refused: \(plan.refusal ?? "")", metadata: metadata)
        case .driftReported:
            logger.warning("drift: \(plan.summaryLine) (self-heal is off: not repaired)", metadata: metadata)
        default: logger.debug("no change", metadata: metadata)
        }
    }

    // MARK: - Checks

    /// At most this many rows are checked after one apply.
    static let checksAfterApplyLimit = 100

    /// Runs the checks of what an apply changed on threads of their own, so that the next edit is
    /// not held up by a trunk that does not answer, then records them.
    private func startChecks(_ targets: [CheckTarget], declared: DesiredState) {
        guard let runner = configuration.checks else { return }
        Task.detached { [self] in
            let results = await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: runner.run(targets)) }
            }
            await self.record(checks: results, declared: declared)
        }
    }

    /// The latest result of each row's check in `/status` and `/metrics`; a failure is logged
    /// (the apply stands: the daemon does not roll back).
    private func record(checks: [CheckResult], declared: DesiredState) {
        for check in checks {
            let metadata: Logger.Metadata = ["kind": "\(check.kind.rawValue)", "name": "\(check.name)", "seconds": .stringConvertible(Self.rounded(check.seconds))]
            if check.isOK {
                logger.info("check ok: \(check.detail)", metadata: metadata)
            } else {
                logger.warning("check failed: \(check.detail)", metadata: metadata)
                notifier.send(.checkFailed, "\(check.kind.rawValue) \(check.name): \(check.detail)", revision: status.revision)
            }
        }
        let rows = Set(declared.sipAccounts.map(\.managedKey) + declared.channelConfigurations.map(\.managedKey))
        status.record(checks: checks, at: Self.timestamp(), keeping: rows)
        metrics.record(checks: status.checks)
    }

    // MARK: - SIP reload

    /// A reload that failed after its commit (here or in a CLI reconcile) is delivered again.
    private func retryPendingReload() async {
        let reload = self.reload
        guard reload.isConfigured, let pending = try? await worker.run({ try reload.pendingCount() }) else { return }
        status.reloadPending = pending
        guard pending > 0 else { return }
        logger.info("SIP reload pending (\(pending)): delivering again")
        // The last good files are what the database holds after the applies that left it pending.
        let state = folder.lastGood.map { selected($0.state) }
        let payload = ReloadPayload(manualWithRevision: status.revision, accounts: state?.sipAccounts ?? [],
                                    bindings: state?.workflowBindings ?? [])
        if await reload.deliver(payload) {
            status.reloadPending = 0
            notifiedPending = 0
        } else if pending != notifiedPending {
            // Once per change of the count, not on every run while the SIP manager is down.
            notifiedPending = pending
            notifier.send(.reloadPending, "\(plural(pending, "SIP reload")) pending: the SIP manager did not take it", revision: status.revision)
        }
    }

    /// The rows this daemon's target carries (every row without `targets:`).
    private func selected(_ state: DesiredState) -> DesiredState { configuration.selection?.select(state) ?? state }

    // MARK: - Problems

    /// Logged once while it lasts (a database down is polled every second).
    private func report(problem: String) {
        if lastLoggedProblem != problem { logger.error("\(problem)") }
        lastLoggedProblem = problem
        if !status.errors.contains(where: { $0.message == problem }) { status.errors = [DaemonStatus.Problem(message: problem)] }
    }

    private func clearProblem() {
        if lastLoggedProblem != nil {
            logger.info("database reachable again")
            if status.configValid { status.errors = [] }
        }
        lastLoggedProblem = nil
    }

    /// Seconds to the millisecond: JSON logs carry them as numbers.
    private static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    private static func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
