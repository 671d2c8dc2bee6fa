import FlyingFox
import Foundation

/// The daemon's HTTP endpoints (DESIGN §5), on FlyingFox (no SwiftNIO: DESIGN §8):
/// `/healthz` the process answers; `/readyz` a working database and a valid last load (503 otherwise);
/// `/status` JSON; `/metrics` Prometheus text.
struct StatusServer {
    private let server: HTTPServer
    private let daemon: ReconcileDaemon

    init(daemon: ReconcileDaemon, host: String, port: UInt16) {
        self.daemon = daemon
        // The address was checked when the options were read.
        server = HTTPServer(address: try! .inet(ip4: host, port: port), logger: .disabled)
    }

    func run() async throws {
        let daemon = self.daemon
        await server.appendRoute("GET /healthz") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain"], body: Data("ok\n".utf8))
        }
        await server.appendRoute("GET /readyz") { _ in
            let status = await daemon.status
            let role = status.leader ? "leader" : "standby"
            return status.isReady
                ? HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain"], body: Data("ready (\(role))\n".utf8))
                : HTTPResponse(statusCode: .serviceUnavailable, headers: [.contentType: "text/plain"],
                               body: Data("not ready (\(role)): \(status.databaseReachable ? "" : "database unreachable; ")\(status.configValid ? "" : "files invalid")\n".utf8))
        }
        await server.appendRoute("GET /status") { _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let body = try encoder.encode(await daemon.status)
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: body + Data("\n".utf8))
        }
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: Data(daemon.metrics.text().utf8))
        }
        try await server.run()
    }

    func waitUntilListening() async throws { try await server.waitUntilListening(timeout: 10) }

    func stop() async { await server.stop(timeout: 1) }
}
