import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import SwitchboardModel
import SwitchboardPlan

/// `switchboard daemon` over `targets:` (DESIGN §9): one `ReconcileDaemon` per target, each with
/// its own leader lock, schedule, retries and SIP reload, so that a database that is down holds
/// back only its own target (and the waves after it, `WaveGate`). One HTTP listener answers for
/// all: `/status` lists every target, `/metrics` labels each series `target`.
public actor DaemonFleet: Service, StatusSource {
    private let daemons: [ReconcileDaemon]
    private let registry = PrometheusCollectorRegistry()
    private let host: String
    private let port: UInt16
    private let logger: Logger

    /// - Parameter configurations: one per target, each with its `selection`, in wave order.
    public init(configurations: [DaemonConfiguration], logger: Logger) {
        let targets = configurations.compactMap(\.selection)
        let waves = WaveGate(targets: targets)
        let registry = self.registry
        daemons = configurations.map { configuration in
            var targetLogger = logger
            targetLogger[metadataKey: "target"] = "\(configuration.selection?.name ?? "-")"
            return ReconcileDaemon(configuration: configuration, logger: targetLogger,
                                   metrics: DaemonMetrics(registry: registry, target: configuration.selection?.name), waves: waves)
        }
        host = configurations.first?.listenHost ?? "127.0.0.1"
        port = configurations.first?.listenPort ?? 9464
        self.logger = logger
    }

    public func run() async throws {
        let server = StatusServer(source: self, host: host, port: port)
        let serving = Task { try await server.run() }
        try await server.waitUntilListening()
        logger.info("switchboard daemon started", metadata: [
            "targets": "\(daemons.map { $0.configuration.selection?.name ?? "-" }.joined(separator: ","))",
            "listen": "http://\(host):\(port)",
        ])
        // Each target runs to its own graceful end (the shutdown reaches every child task).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for daemon in daemons { group.addTask { try await daemon.run(serving: false) } }
            try await group.waitForAll()
        }
        await server.stop()
        serving.cancel()
        logger.info("switchboard daemon stopped")
    }

    /// Every target's status, in wave order.
    struct Status: Encodable {
        var ready: Bool
        var targets: [DaemonStatus]
    }

    func statusJSON() async throws -> Data {
        var statuses: [DaemonStatus] = []
        for daemon in daemons { statuses.append(await daemon.status) }
        return try JSONText.data(Status(ready: statuses.allSatisfy(\.isReady), targets: statuses))
    }

    /// Ready when every target is: a database down shows here, naming its target.
    func readiness() async -> (ready: Bool, line: String) {
        var lines: [String] = []
        var ready = true
        for daemon in daemons {
            let (targetReady, line) = await daemon.readiness()
            ready = ready && targetReady
            lines.append("\(await daemon.status.target ?? "-"): \(line)")
        }
        return (ready, lines.joined(separator: "\n"))
    }

    nonisolated func metricsText() -> String { registry.emitToString() }
}
