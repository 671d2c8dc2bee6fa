import FlyingFox
import Foundation
import SwitchboardPlan

/// What the HTTP endpoints show: one daemon, or every target's (`DaemonFleet`).
protocol StatusSource: Sendable {
    /// `/status`, as JSON.
    func statusJSON() async throws -> Data
    /// `/readyz`: ready or not, and the line that says why.
    func readiness() async -> (ready: Bool, line: String)
    /// `/metrics`, in the Prometheus text format.
    func metricsText() -> String
}

/// The daemon's HTTP endpoints (DESIGN §5), on FlyingFox (no SwiftNIO: DESIGN §8):
/// `/healthz` the process answers; `/readyz` a working database and a valid last load (503 otherwise);
/// `/status` JSON; `/metrics` Prometheus text.
struct StatusServer {
    private let server: HTTPServer
    private let source: any StatusSource

    init(source: any StatusSource, host: String, port: UInt16) {
        self.source = source
        // The address was checked when the options were read.
        server = HTTPServer(address: try! .inet(ip4: host, port: port), logger: .disabled)
    }

    func run() async throws {
        let source = self.source
        await server.appendRoute("GET /healthz") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain"], body: Data("ok\n".utf8))
        }
        await server.appendRoute("GET /readyz") { _ in
            let (ready, line) = await source.readiness()
            return HTTPResponse(statusCode: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                                body: Data((line + "\n").utf8))
        }
        await server.appendRoute("GET /status") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: try await source.statusJSON() + Data("\n".utf8))
        }
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: Data(source.metricsText().utf8))
        }
        try await server.run()
    }

    func waitUntilListening() async throws { try await server.waitUntilListening(timeout: 10) }

    func stop() async { await server.stop(timeout: 1) }
}

extension ReconcileDaemon: StatusSource {
    func statusJSON() async throws -> Data { try JSONText.data(status) }

    func readiness() async -> (ready: Bool, line: String) {
        let role = status.leader ? "leader" : "standby"
        return status.isReady
            ? (true, "ready (\(role))")
            : (false, "not ready (\(role)): \(status.databaseReachable ? "" : "database unreachable; ")\(status.configValid ? "" : "files invalid")")
    }

    nonisolated func metricsText() -> String { metrics.text() }
}
