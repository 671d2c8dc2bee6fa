import SwitchboardLoader
import SwitchboardModel

/// Runs one reconcile per target of `targets:` (DESIGN §9), from files read once. A plan plans
/// every target side by side; an apply goes wave by wave, every target of a wave side by side, each
/// in its own transaction (its own lock, audit row, ownership and pending reload), and a wave with
/// a failure or a refusal stops the later ones.
public struct TargetWaves {
    /// What became of one target.
    public enum Outcome: Sendable {
        case finished(Reconciler.Result)
        case failed(any Error)
        /// An earlier wave failed or was refused: this target was left as it was.
        case notRun
    }

    public struct Report: Sendable {
        /// Every target, in wave order, with what became of it.
        public var targets: [(target: Target, outcome: Outcome)]

        /// The names of the targets whose plan was applied.
        public var applied: [String] {
            targets.compactMap { if case .finished(let result) = $0.outcome, result.applied { $0.target.name } else { nil } }
        }
        public var notRun: [String] {
            targets.compactMap { if case .notRun = $0.outcome { $0.target.name } else { nil } }
        }
        public var failed: [(name: String, error: any Error)] {
            targets.compactMap { if case .failed(let error) = $0.outcome { ($0.target.name, error) } else { nil } }
        }
        public var refused: [String] {
            targets.compactMap { if case .finished(let result) = $0.outcome, result.plan.refusal != nil { $0.target.name } else { nil } }
        }
    }

    public let targets: [Target]
    /// The options of one target's run (its database, its settings and hooks, its selection).
    public let options: @Sendable (Target) throws -> Reconciler.Options

    public init(targets: [Target], options: @escaping @Sendable (Target) throws -> Reconciler.Options) {
        self.targets = targets
        self.options = options
    }

    /// - Parameters:
    ///   - load: the files, read once for every target.
    ///   - dryRun: plan every target at once; otherwise wave by wave.
    public func run(_ load: LoadResult, dryRun: Bool) -> Report {
        let ordered = targets.enumerated().sorted { ($0.element.wave, $0.offset) < ($1.element.wave, $1.offset) }.map(\.element)
        let waves = dryRun ? [ordered] : Dictionary(grouping: ordered, by: \.wave).sorted { $0.key < $1.key }.map(\.value)
        var report = Report(targets: [])
        var stopped = false
        for wave in waves {
            if stopped {
                report.targets += wave.map { ($0, .notRun) }
                continue
            }
            let outcomes = runSideBySide(wave, load: load)
            report.targets += zip(wave, outcomes).map { ($0, $1) }
            stopped = outcomes.contains { outcome in
                switch outcome {
                case .failed: true
                case .finished(let result): result.plan.refusal != nil
                case .notRun: false
                }
            }
        }
        return report
    }

    /// Side by side, as many at once as the machine has cores (each holds a connection and a plan).
    private func runSideBySide(_ wave: [Target], load: LoadResult) -> [Outcome] {
        let options = self.options
        return parallelMap(wave.count) { index in
            do {
                return .finished(try Reconciler(options: try options(wave[index])).run(preloaded: load))
            } catch {
                return .failed(error)
            }
        }
    }
}
