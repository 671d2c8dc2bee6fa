import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardTestSupport

/// A real `switchboard daemon` process on a free loopback port, and what its endpoints say.
final class RunningDaemon: @unchecked Sendable {
    let process: RunningSwitchboard
    let port: Int

    /// - Parameter database: `--database`; nil: the settings' (`targets:`).
    init(in directory: String, database: String?, dir: String = "tenants.d", arguments: [String] = [],
         environment: [String: String] = [:]) throws {
        port = try ReloadListener.freePort()
        process = try SwitchboardProcess.start(
            ["daemon", "--dir", dir] + (database.map { ["--database", $0] } ?? []) + ["--listen", "127.0.0.1:\(port)", "--debounce", "50ms"] + arguments,
            in: directory, environment: environment)
    }

    /// `/status` as JSON, or nil while the server does not answer.
    func status() -> [String: Any]? {
        guard let (code, body) = get("/status"), code == 200 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    }

    /// (status code, body) of a GET, or nil when nothing answers.
    func get(_ path: String) -> (Int, String)? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Int, String)?
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 5
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let response = response as? HTTPURLResponse {
                answer = (response.statusCode, String(decoding: data ?? Data(), as: UTF8.self))
            }
            done.signal()
        }.resume()
        done.wait()
        return answer
    }

    /// Polls every 20 ms until `condition` holds; throws after `timeout` seconds.
    @discardableResult
    func wait(_ what: String, timeout: TimeInterval = 30, until condition: ([String: Any]) throws -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = status(), try condition(status) { return status }
            guard process.process.isRunning else { throw TimeoutError(what: "\(what): the daemon exited") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TimeoutError(what: "\(what); last status: \(status().map { "\($0)" } ?? "none")")
    }

    /// Waits for the first apply of the files.
    func waitForStart() throws {
        try wait("the first reconcile") { ($0["lastRun"] as? [String: Any])?["outcome"] as? String == "applied" }
    }

    func signal(_ signal: Int32) { kill(process.process.processIdentifier, signal) }

    deinit { if process.process.isRunning { process.kill() } }
}

/// Polls `condition` every 10 ms until it holds; throws after `timeout` seconds.
func eventually(_ what: String, timeout: TimeInterval = 30, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.01)
    }
    throw TimeoutError(what: what)
}

extension [String: Any] {
    var lastRun: [String: Any]? { self["lastRun"] as? [String: Any] }
    var isLeader: Bool { self["leader"] as? Bool == true }
}
