import CoreMetrics
import struct Prometheus.PrometheusMetricsFactory
import class Prometheus.PrometheusCollectorRegistry
import SwitchboardModel
import SwitchboardPlan

/// The daemon's Prometheus metrics (DESIGN §5), through swift-metrics with a Prometheus factory of
/// its own (no process-wide bootstrap): runs by outcome, changes by kind and action, run
/// durations, drift, config validity, leadership, pending reloads.
final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let duration: CoreMetrics.Timer
    private let drift: CoreMetrics.Gauge
    private let configValid: CoreMetrics.Gauge
    private let leader: CoreMetrics.Gauge
    private let reloadPending: CoreMetrics.Gauge

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
        duration = CoreMetrics.Timer(label: "switchboard_run_duration_seconds", factory: factory)
        drift = CoreMetrics.Gauge(label: "switchboard_drift_rows", factory: factory)
        configValid = CoreMetrics.Gauge(label: "switchboard_config_valid", factory: factory)
        leader = CoreMetrics.Gauge(label: "switchboard_leader", factory: factory)
        reloadPending = CoreMetrics.Gauge(label: "switchboard_sip_reload_pending", factory: factory)
        // Every series exists from the start, so dashboards see zeros rather than gaps.
        for outcome in ["applied", "no-change", "drift-reported", "refused", "invalid-files", "error"] {
            _ = CoreMetrics.Counter(label: "switchboard_runs_total", dimensions: [("outcome", outcome)], factory: factory)
        }
    }

    func recordRun(outcome: String, seconds: Double) {
        CoreMetrics.Counter(label: "switchboard_runs_total", dimensions: [("outcome", outcome)], factory: factory).increment()
        duration.recordSeconds(seconds)
    }

    func recordChanges(_ plan: Plan) {
        for kind in ResourceKind.allCases {
            for action in Action.allCases {
                let count = plan.count(of: action, in: kind)
                guard count > 0 else { continue }
                CoreMetrics.Counter(label: "switchboard_changes_total", dimensions: [("kind", kind.rawValue), ("action", action.rawValue)],
                        factory: factory).increment(by: count)
            }
        }
    }

    func update(_ status: DaemonStatus) {
        drift.record(status.driftRows)
        configValid.record(status.configValid ? 1 : 0)
        leader.record(status.leader ? 1 : 0)
        reloadPending.record(status.reloadPending)
    }

    /// `switchboard_check_up{kind,name}` (1 ok, 0 failed) and `switchboard_check_duration_seconds`.
    func record(checks: [DaemonStatus.Check]) {
        for check in checks {
            let dimensions = [("kind", check.kind), ("name", check.name)]
            CoreMetrics.Gauge(label: "switchboard_check_up", dimensions: dimensions, factory: factory).record(check.status == "ok" ? 1 : 0)
            CoreMetrics.Gauge(label: "switchboard_check_duration_seconds", dimensions: dimensions, factory: factory)
                .record(Double(check.milliseconds) / 1000)
        }
    }

    /// The Prometheus text exposition format.
    func text() -> String { registry.emitToString() }
}
