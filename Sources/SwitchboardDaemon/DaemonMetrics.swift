import Prometheus
import Synchronization
import SwitchboardModel
import SwitchboardPlan

/// The daemon's Prometheus metrics (DESIGN §5), each with its HELP and TYPE (`promtool check
/// metrics` passes): runs by outcome, changes by kind and action, run durations, drift, config
/// validity, leadership, pending reloads, checks, and the build. With `targets:`, one registry
/// holds every target's series, each labelled `target`.
final class DaemonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// `("target", name)` on every series of a target; nothing for the one implicit target.
    private let targetLabel: [(String, String)]
    private let duration: DurationHistogram
    private let drift: Gauge
    private let configValid: Gauge
    private let leader: Gauge
    private let reloadPending: Gauge
    /// `switchboard_applied_revision_info{revision}`: the series of the revision applied last.
    private let revision = Mutex<(name: String, gauge: Gauge)?>(nil)

    static let runOutcomes = ["applied", "no-change", "drift-reported", "refused", "invalid-files", "error"]

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), target: String? = nil,
         version: String = BuildInfo.version, revision: String = BuildInfo.revision) {
        self.registry = registry
        let targetLabel = target.map { [("target", $0)] } ?? []
        self.targetLabel = targetLabel
        duration = registry.makeDurationHistogram(
            descriptor: Self.name("switchboard_run_duration_seconds", "How long each reconcile run took, from its start to its commit or its end."),
            labels: targetLabel,
            buckets: [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
                      .seconds(5), .seconds(10), .seconds(30), .seconds(60)])
        drift = registry.makeGauge(descriptor: Self.name("switchboard_drift_rows", "Rows found different from the files on the last interval run, before repair."), labels: targetLabel)
        configValid = registry.makeGauge(descriptor: Self.name("switchboard_config_valid", "1 when the files as they are now are valid, 0 while the last good state is in use."), labels: targetLabel)
        leader = registry.makeGauge(descriptor: Self.name("switchboard_leader", "1 while this replica is the leader that applies."), labels: targetLabel)
        reloadPending = registry.makeGauge(descriptor: Self.name("switchboard_sip_reload_pending", "SIP manager reloads recorded as not delivered yet."), labels: targetLabel)
        registry.makeGauge(descriptor: Self.name("switchboard_build_info", "The running switchboard: its version and git revision (always 1)."),
                           labels: [("version", version), ("revision", revision)]).set(to: 1)
        // Every series exists from the start, so dashboards see zeros rather than gaps.
        for outcome in Self.runOutcomes { _ = runs(outcome) }
    }

    private func runs(_ outcome: String) -> Counter {
        registry.makeCounter(descriptor: Self.name("switchboard_runs_total", "Reconcile runs, by outcome."), labels: [("outcome", outcome)] + targetLabel)
    }

    func recordRun(outcome: String, seconds: Double) {
        runs(outcome).increment()
        duration.record(.nanoseconds(Int64(seconds * 1e9)))
    }

    func recordChanges(_ plan: Plan) {
        for kind in ResourceKind.allCases {
            for action in Action.allCases {
                let count = plan.count(of: action, in: kind)
                guard count > 0 else { continue }
                registry.makeCounter(descriptor: Self.name("switchboard_changes_total", "Rows written by applies, by kind and action."),
                                     labels: [("kind", kind.rawValue), ("action", action.rawValue)] + targetLabel).increment(by: Int64(count))
            }
        }
    }

    func update(_ status: DaemonStatus) {
        drift.set(Int64(status.driftRows))
        configValid.set(to: status.configValid ? 1 : 0)
        leader.set(to: status.leader ? 1 : 0)
        reloadPending.set(Int64(status.reloadPending))
        if let applied = status.revision { record(revision: applied) }
    }

    /// One series, labelled with the revision last applied (the one before is removed).
    private func record(revision applied: String) {
        revision.withLock { current in
            guard current?.name != applied else { return }
            if let old = current?.gauge { registry.unregisterGauge(old) }
            let gauge = registry.makeGauge(
                descriptor: Self.name("switchboard_applied_revision_info", "The git revision of the files last applied (always 1)."),
                labels: [("revision", applied)] + targetLabel)
            gauge.set(to: 1)
            current = (applied, gauge)
        }
    }

    /// `switchboard_check_up{kind,name}` (1 ok, 0 failed) and `switchboard_check_duration_seconds`.
    func record(checks: [DaemonStatus.Check]) {
        for check in checks {
            let labels = [("kind", check.kind), ("name", check.name)] + targetLabel
            registry.makeGauge(descriptor: Self.name("switchboard_check_up", "1 when the last check of a SIP trunk or channel account passed, 0 when it failed."),
                               labels: labels).set(to: check.status == "ok" ? 1 : 0)
            registry.makeGauge(descriptor: Self.name("switchboard_check_duration_seconds", "How long the last check of a SIP trunk or channel account took."),
                               labels: labels).set(to: Double(check.milliseconds) / 1000)
        }
    }

    /// The Prometheus text exposition format.
    func text() -> String { registry.emitToString() }

    private static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
