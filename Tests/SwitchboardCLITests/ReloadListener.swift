import Foundation

/// A real HTTP listener on loopback standing in for the SIP manager's reload endpoint: records
/// every request (method, path, Authorization header, body) and answers 200.
final class ReloadListener {
    struct Request: Decodable, Equatable {
        var method: String
        var path: String
        var authorization: String?
        var body: String
    }

    let port: Int
    private let log: String
    private let process = Process()

    /// A free loopback port (bound and released), for a listener started later.
    static func freePort() throws -> Int {
        let (descriptor, port) = LoopbackSocket.bound(Int32(SOCK_STREAM.rawValue))
        close(descriptor)
        return port
    }

    init(port: Int? = nil) throws {
        self.port = try port ?? Self.freePort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString).jsonl").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import http.server, json, sys
            port, log = int(sys.argv[1]), sys.argv[2]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0))).decode()
                    with open(log, 'a') as f:
                        f.write(json.dumps({'method': 'POST', 'path': self.path, 'authorization': self.headers.get('Authorization'), 'body': body}) + '\\n')
                    self.send_response(200); self.end_headers(); self.wfile.write(b'{"reloaded": true}')
                def log_message(self, *args): pass
            server = http.server.HTTPServer(('127.0.0.1', port), Handler)
            print('ready', flush=True)
            server.serve_forever()
            """, String(self.port), log]
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        _ = ready.fileHandleForReading.availableData  // "ready": the socket is listening
    }

    var url: String { "http://127.0.0.1:\(port)/api/admin/sip-accounts/reload" }

    var requests: [Request] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// SIGKILL: the test runner's ignored SIGTERM is inherited by the listener across exec.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}
