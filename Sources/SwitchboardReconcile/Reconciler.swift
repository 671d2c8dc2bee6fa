import Foundation
import SwitchboardCheck
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardStore

/// One reconcile (DESIGN §3): load the files, resolve secrets, then — for real — migrate and, in
/// one transaction, take the lock, re-read the actual state, recompute the plan, check the guard,
/// write it set-based, record ownership and the audit row, commit. A dry run reads and plans only.
public struct Reconciler: Sendable {
    public struct Options: Sendable {
        public var directory: String
        public var settings: Settings
        public var target: DatabaseTarget
        public var dryRun = false
        public var allowDeletes = false
        /// `--allow CODE`: refused risks allowed for this run.
        public var allowedRisks: Set<RiskCode> = []
        /// `--allow-protected`: protected rows may be deleted, moved or deactivated.
        public var allowProtected = false
        public var migrate = true
        /// `--plan FILE`: apply only if this is still exactly the plan.
        public var savedPlan: SavedPlan?
        /// `--out FILE`: compute the saved form of the plan (digests cost time on large plans).
        public var wantsSavedPlan = false
        /// `--encryption-key-file`: the key for channel settings, instead of SWITCHBOARD_ENCRYPTION_KEY.
        public var encryptionKeyFile: String?
        /// `--require-key`: never create a local key file (for SQLite in production).
        public var requireKey = false
        public var environment = ProcessInfo.processInfo.environment
        /// Remembers decrypted channel settings between runs (the daemon): otherwise every run opens
        /// every stored row again.
        public var decryptionCache: DecryptionCache?
        /// Plan only these tenants and routes (the daemon, after an edit): the rows the changed files
        /// declared before or after. Applies only; a dry run plans everything.
        public var scope: PlanScope?
        /// The desired rows of `scope` when the caller has them at hand (the daemon finds them in its
        /// index of the files: filtering 100,000 routes took a fifth of an edit's work).
        public var scopedDesired: DesiredState?
        /// The target this run is for (`targets:`): only the rows it carries are planned. nil: every row.
        public var selection: Target?
        /// The files' digest when the caller has it already (the daemon hashes its cache in memory).
        public var sourceDigest: String?
        /// `--check` (or `gate: {checks: required}`): check the SIP accounts and channels the plan
        /// creates or changes against the live services, before the write (a required gate
        /// refuses on a failure); with `checksAfterCommit`, only list them in `pendingChecks`.
        public var checks: CheckRunner?
        public var checksAfterCommit = false
        /// Called with the plan (and its checks) inside the transaction, just before it is written
        /// (the CLI prints the plan before it applies it).
        public var willApply: (@Sendable (Plan, PlanHeader, [CheckResult]) -> Void)?
        /// Called as each phase starts ("reading the files"…), for progress on a terminal.
        public var progress: (@Sendable (String) -> Void)?

        public init(directory: String, settings: Settings, target: DatabaseTarget) {
            self.directory = directory
            self.settings = settings
            self.target = target
        }
    }

    public struct Result: Sendable {
        public var plan: Plan
        public var header: PlanHeader
        /// True when the plan was written and committed (false: dry run, no change, or refused).
        public var applied: Bool
        /// Warnings from the files and the secrets (dry run), to print.
        public var warnings: [Diagnostic]
        /// Saved with `--out`, for `--plan` later; nil unless asked for.
        public var savedPlan: SavedPlan?
        public var seconds: Double
        /// How long each phase took, in order ("load", "read", "plan", "write", "commit"…).
        public var phases: [(name: String, seconds: Double)] = []
        /// Things said once (a key file created).
        public var notices: [String] = []
        /// Set when the apply changed SIP accounts or bindings: what the reload hooks must carry.
        public var reload: ReloadPayload?
        /// The NOTIFY hook: sent in the transaction (true), unsupported by the database (false), none (nil).
        public var notified: Bool?
        /// The checks of the rows the plan creates or changes (`Options.checks`), in plan order.
        public var checks: [CheckResult] = []
        /// With `checksAfterCommit`: the checks of the rows the apply created or changed, for the
        /// caller to run (the daemon runs them beside its next runs, not in their way).
        public var pendingChecks: [CheckTarget] = []
        /// The git revision an apply recorded (nil outside a checkout, and for a dry run).
        public var revision: String?
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// - Parameters:
    ///   - preloaded: the files already loaded (the daemon keeps them in memory); nil reads the folder.
    ///   - kept: an apply's connection, kept open between runs (the daemon's); nil: one for this run.
    public func run(preloaded: LoadResult? = nil, kept: KeptConnection? = nil) throws -> Result {
        let started = Date()
        var clock = PhaseClock()
        options.progress?("reading the files")
        let loadOptions = LoadOptions(settings: options.settings, directory: options.directory)
        // A plan reads the database while the files are parsed (each took about half a no-op plan).
        // If the files are invalid, its result is left unread (but waited for).
        let reader = self
        let keys = KeyringLoader(target: options.target, keyFile: options.encryptionKeyFile,
                                 requireKey: options.requireKey, environment: options.environment)
        let earlyRead = options.dryRun && preloaded == nil ? BackgroundValue { try reader.readForDryRun(keys: keys) } : nil
        defer {
            earlyRead?.finish()
            // It holds the state read, decrypted too: freed on another core, not after the plan
            // on this one (0.1 s at a million routes, the process about to exit).
            BackgroundRelease.drop(earlyRead)
        }
        // An apply from the command line connects beside the load too, and begins its transaction
        // there when the database is ready for it; the daemon has its files and connection at hand.
        let earlyApply = !options.dryRun && preloaded == nil && kept == nil
            ? BackgroundValue { try reader.connectBesideTheLoad(keys: keys) } : nil
        defer { if let earlyApply { EarlyConnection.abandon(earlyApply) } }
        let load = try preloaded ?? DirectoryLoader.load(directory: options.directory, options: loadOptions)
        defer { BackgroundRelease.drop(load) }
        guard load.isValid else { throw ReconcileError.invalidFiles(load.diagnostics) }
        clock.end("load")
        // What this run plans: the target's rows, or (an apply after an edit) those the changed files
        // touch; only its secrets are resolved. The rows an edit touches, when the caller has them,
        // are selected alone: not the whole state again on each edit.
        let carried = options.selection.map { $0.tenantIDs(in: load.state) }
        let select = { (state: DesiredState) in carried.map { options.selection!.select(state, tenants: $0) } ?? state }
        let desired = if !options.dryRun, let scope = options.scope {
            select(options.scopedDesired ?? scope.filter(load.state))
        } else {
            select(load.state)
        }
        defer { BackgroundRelease.drop(desired) }
        let (secrets, secretProblems) = SecretResolver(environment: options.environment, policy: loadOptions.secrets).resolve(desired)
        if !options.dryRun, !secretProblems.isEmpty { throw ReconcileError.missingSecrets(secretProblems) }
        let header = PlanHeader(directory: options.directory, fileCount: load.files.count, database: options.target.description)
        // Read once more only when needed (audit row, saved plans).
        let sourceDigest = { options.sourceDigest ?? SourceDigest.of(load) }
        // Channel settings are encrypted at rest: a key is needed as soon as one channel has some.
        let needsKey = desired.channelConfigurations.contains { !$0.settings.values(secrets: secrets).isEmpty }
        let loaded = try keys.load(mayCreate: needsKey && !options.dryRun)
        if needsKey, !options.dryRun, loaded.keyring.current == nil {
            throw ReconcileError.encryptionKey(
                "channel settings are encrypted at rest and no key was given: set SWITCHBOARD_ENCRYPTION_KEY (the base64 of 32 bytes, `openssl rand -base64 32`) or --encryption-key-file; nothing applied")
        }
        var policy = PlanPolicy(settings: options.settings, allowDeletes: options.allowDeletes)
        policy.allowedRisks = options.allowedRisks
        policy.allowProtected = options.allowProtected
        policy.encryptionKeyID = loaded.keyring.current?.id
        let warnings = load.diagnostics.filter { !$0.isError }
        // The selection, the scope, the secrets and the key: timed apart from the database's phases.
        clock.end("select and resolve")
        let plan = { (actual: ActualState, desired: DesiredState, policy: PlanPolicy, clock: inout PhaseClock, decryptedBeside: ActualState?) in
            let decrypted = decryptedBeside
                ?? options.decryptionCache?.decrypting(actual, with: loaded.keyring) ?? Self.decrypting(actual, with: loaded.keyring)
            clock.end(decryptedBeside == nil ? "decrypt" : "decrypt (beside the load)")
            return Planner.plan(desired: desired, actual: decrypted, secrets: secrets, policy: policy)
        }

        do {
            options.progress?("reading the database")
            if options.dryRun {
                let early = try earlyRead?.value()
                let actual = try early?.actual ?? readForDryRun(keys: nil).actual
                defer { BackgroundRelease.drop((early, actual)) }
                clock.end(earlyRead == nil ? "read" : "read (beside the load)")
                options.progress?("planning")
                var result = plan(actual, desired, policy, &clock, early?.decrypted)
                clock.end("plan")
                if !result.errors.isEmpty { throw ReconcileError.planErrors(result.errors) }
                let checks = runChecks(of: &result, desired: desired, secrets: secrets)
                if !checks.isEmpty { clock.end("check") }
                let saved = options.wantsSavedPlan
                    ? SavedPlan(plan: result, header: header, actual: actual, load: load, sourceDigest: sourceDigest())
                    : nil
                return Result(plan: result, header: header, applied: false, warnings: warnings, savedPlan: saved,
                              seconds: -started.timeIntervalSinceNow, phases: clock.phases, notices: [loaded.notice].compactMap { $0 },
                              checks: checks)
            }

            // git answers beside the connection, the lock, the read and the plan (a process to start).
            let directory = options.directory
            let revisionLookup = BackgroundValue { SourceDigest.gitRevision(of: directory) }
            defer { revisionLookup.finish() }
            let early = try earlyApply?.value() ?? nil
            let begun = early?.isBegun == true
            let connection = try early?.take() ?? kept?.connection() ?? Database.connect(options.target)
            defer { if kept == nil { connection.close() } }
            let migrator = Migrator(connection: connection)
            let applier = connection.makeApplier()
            // A database still without any table (a new SQLite file, not created before the files
            // were known valid): migrated in the apply's transaction, as one found so beside the load.
            let migratedInApply = try !begun && kept == nil && options.migrate && migrator.beginAndMigrateIfNoTable(with: applier)
            if begun {
                // Found up to date (or holding no table, and migrated) beside the load, and the
                // transaction begun under the lock.
            } else if migratedInApply {
                // Begun here, the migrations applied in it; the lock and the read follow.
            } else if kept?.migrated == true {
                // Migrated when this connection was opened: nothing to check again.
            } else if options.migrate {
                try migrator.migrate()
                kept?.migrated = true
            } else if case let pending = try migrator.pending(), !pending.isEmpty {
                throw ReconcileError.schemaBehind(pending: pending.count)
            }
            clock.end(begun ? "connect and migrate (beside the load)" : "connect and migrate")
            let startedAt = ISO8601DateFormatter().string(from: started)

            var outcome: Result?
            defer { connection.applyEnded() }
            try connection.transaction(begun: begun || migratedInApply) {
                var (actual, decryptedBeside) = early?.takeState() ?? (ActualState(), nil)
                defer { BackgroundRelease.drop((actual, decryptedBeside)) }
                if !begun {
                    try applier.lock()
                    // Under the lock: what another reconcile committed meanwhile is seen here. The
                    // daemon reads every row on two connections (each interval's run), or on one
                    // while the server refuses it a second (`max_connections`).
                    let side = options.scope == nil ? try? kept?.sideConnection() : nil
                    actual = try readState(on: connection, scope: options.scope, alongside: side, expectedRows: desired.rowCount)
                }
                clock.end(begun ? "lock and read (beside the load)" : "lock and read")
                options.progress?("planning")
                var scopedPolicy = policy
                if options.scope != nil {
                    scopedPolicy.wholeDesiredTenantCount = carried?.count ?? load.counts.tenants
                }
                var result = plan(actual, desired, scopedPolicy, &clock, decryptedBeside)
                let needed = DeleteGuard.countsNeeded(in: result, actual: actual, policy: scopedPolicy)
                if !needed.isEmpty {
                    // A scoped plan that deletes: judged again against the whole database's counts
                    // (timed as its own phases: decrypt and plan again after "count").
                    clock.end("plan")
                    let limits = needed.mapValues { need -> Int? in if case .atLeast(let bound) = need { bound } else { nil } }
                    for (kind, count) in try StateReader(connection: connection).count(limits) {
                        actual.wholeCounts?[kind] = count
                        if let limit = limits[kind] ?? nil, count >= limit { actual.lowerBoundCounts.insert(kind) }
                    }
                    clock.end("count")
                    result = plan(actual, desired, scopedPolicy, &clock, nil)
                }
                clock.end("plan")
                let checks = options.checksAfterCommit ? [] : runChecks(of: &result, desired: desired, secrets: secrets)
                if !checks.isEmpty { clock.end("check") }
                let saved = options.wantsSavedPlan || options.savedPlan != nil
                    ? SavedPlan(plan: result, header: header, actual: actual, load: load, sourceDigest: sourceDigest())
                    : nil
                if !result.errors.isEmpty { throw ReconcileError.planErrors(result.errors) }
                if let expected = options.savedPlan, let saved { try check(saved, against: expected) }
                outcome = Result(plan: result, header: header, applied: false, warnings: warnings, savedPlan: saved, seconds: 0,
                                 notices: [loaded.notice].compactMap { $0 }, checks: checks)
                guard result.refusal == nil, result.hasWrites else { return }
                // The plan is shown while it is written (rendering the risks and rows of a first
                // plan of a million routes took 0.4 s), and before anything that follows: a failed
                // write's error, or the outcome, waits for it.
                let planned = result
                let shown = BackgroundValue { [options] in
                    options.willApply?(planned, header, checks)
                    options.progress?("writing \(planned.changeCount) changes")
                }
                defer { shown.finish() }
                let revision = try revisionLookup.value()
                try applier.apply(result, values: RowValues(secrets: secrets, encryptionKey: loaded.keyring.current), revision: revision)
                clock.end("write")
                let hooks = ReloadHooks(hooks: options.settings.sipReload, environment: options.environment)
                if result.needsSIPReload {
                    let payload = ReloadPayload(plan: result, revision: revision)
                    outcome?.reload = payload
                    if let channel = options.settings.sipReload.notifyChannel {
                        outcome?.notified = try applier.notify(channel: channel, payload: payload.json)
                    }
                }
                try applier.recordRun(RunRecord(
                    startedAt: startedAt, revision: revision, sourceDigest: sourceDigest(),
                    summary: RunSummary.json(result, rows: actual.exactRowCounts), outcome: "applied",
                    reloadPending: result.needsSIPReload && hooks.runsAfterCommit))
                Failpoint.hit("before-commit", environment: options.environment)
                outcome?.applied = true
            }
            clock.end("commit")
            if options.checksAfterCommit, outcome!.applied {
                outcome!.pendingChecks = checkTargets(of: outcome!.plan, desired: desired, secrets: secrets)
            }
            outcome!.revision = try revisionLookup.value()
            outcome!.phases = clock.phases
            outcome!.seconds = -started.timeIntervalSinceNow
            return outcome!
        } catch let error as DatabaseError {
            throw ReconcileError.database(error)
        }
    }

    /// Checks the SIP accounts and channels `plan` creates or changes (nothing without
    /// `Options.checks`). Under `gate: {checks: required}` a failure refuses the plan.
    private func runChecks(of plan: inout Plan, desired: DesiredState, secrets: ResolvedSecrets) -> [CheckResult] {
        guard let runner = options.checks else { return [] }
        let results = runner.run(checkTargets(of: plan, desired: desired, secrets: secrets))
        let failed = results.filter { !$0.isOK }
        if options.settings.gate.checksRequired, !failed.isEmpty, plan.refusal == nil {
            let names = failed.prefix(3).map { "\($0.kind.rawValue) \($0.name)" }.joined(separator: ", ")
            plan.refusal = "gate: {checks: required} in switchboard.yaml, and \(plural(failed.count, "check")) failed (\(names)\(failed.count > 3 ? ", …" : "")); nothing applied"
        }
        return results
    }

    private func checkTargets(of plan: Plan, desired: DesiredState, secrets: ResolvedSecrets) -> [CheckTarget] {
        var selection = CheckSelection()
        selection.keys = plan.checkableRows
        return selection.keys!.isEmpty ? [] : CheckTarget.targets(in: desired, secrets: secrets, selection: selection)
    }

    /// A dry run writes nothing: no migration, and a missing SQLite file is an empty database
    /// (not created). Tables that do not exist yet read as empty.
    /// - Parameter keys: where the run's keys come from, to decrypt the channel settings here too
    ///   (beside the load: 0.6 s of a million-route plan). A dry run never creates a key, so these
    ///   are the keys the run loads; nil, or keys that do not load, leave decryption to the run.
    private func readForDryRun(keys: KeyringLoader?) throws -> (actual: ActualState, decrypted: ActualState?) {
        if case .sqlite(let path) = options.target, !FileManager.default.fileExists(atPath: path) {
            return (ActualState(), nil)
        }
        let connection = try Database.connect(options.target)
        defer { connection.close() }
        return try readBesideTheLoad(on: connection, scope: nil, keys: keys)
    }

    /// `EarlyConnection.open` for this run's database, reading its state as `readBesideTheLoad` does.
    private func connectBesideTheLoad(keys: KeyringLoader) throws -> EarlyConnection? {
        try EarlyConnection.open(target: options.target, migrate: options.migrate) { connection in
            try readBesideTheLoad(on: connection, scope: options.scope, keys: keys)
        }
    }

    /// The state read while the files are parsed, and its channel settings decrypted there too
    /// when the run's keys load as they are (nil: the run decrypts, with the daemon's cache, or
    /// with a key it creates, which has nothing stored to open).
    private func readBesideTheLoad(on connection: any DatabaseConnection, scope: PlanScope?,
                                   keys: KeyringLoader?) throws -> (actual: ActualState, decrypted: ActualState?) {
        let actual = try readState(on: connection, scope: scope)
        guard options.decryptionCache == nil, let keyring = try? keys?.load(mayCreate: false).keyring else { return (actual, nil) }
        return (actual, Self.decrypting(actual, with: keyring))
    }

    /// The state a run plans against: every row (or the scope's; on two connections with
    /// `alongside`), and what the applied runs deleted within `guard.window`.
    private func readState(on connection: any DatabaseConnection, scope: PlanScope?,
                           alongside side: (any DatabaseConnection)? = nil, expectedRows: Int = 0) throws -> ActualState {
        let reader = StateReader(connection: connection)
        var actual = try side.map { try reader.read(alongside: $0, expectedRows: expectedRows) } ?? reader.read(scope: scope)
        if let window = options.settings.guardWindow {
            actual.deletionHistory = try connection.makeApplier().deletionHistory(window: window)
        }
        return actual
    }

    /// The stored channel settings, decrypted with the keys at hand: on both cores past a few
    /// thousand (AES-GCM takes about 3 µs a row; a million routes have 200,000 channels).
    static func decrypting(_ actual: ActualState, with keyring: EncryptionKeyring) -> ActualState {
        var actual = actual
        let channels = actual.channelConfigurations
        let opened: [StoredSettings?] = channels.count < 4_096
            ? channels.map { $0.configEncrypted.map { SettingsCipher.decrypt($0, keyring: keyring) } }
            : parallelMap(channels.count) { index in channels[index].configEncrypted.map { SettingsCipher.decrypt($0, keyring: keyring) } }
        for index in opened.indices {
            if let settings = opened[index] { actual.channelConfigurations[index].settings = settings }
        }
        return actual
    }

    private func check(_ current: SavedPlan, against saved: SavedPlan) throws {
        if let stale = saved.staleness(against: current) { throw ReconcileError.savedPlan(stale) }
    }
}

/// Measures consecutive phases of a run, for `--timings`.
struct PhaseClock {
    private(set) var phases: [(name: String, seconds: Double)] = []
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func end(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e9))
        last = now
    }
}

extension Plan {
    /// The rows a `--check` tests: SIP accounts and channels the plan creates or changes.
    var checkableRows: Set<ManagedKey> {
        var keys = Set<ManagedKey>()
        for change in sipAccounts where change.action != .delete { keys.insert(change.row.managedKey) }
        for change in channels where change.action != .delete { keys.insert(change.row.managedKey) }
        return keys
    }
}
