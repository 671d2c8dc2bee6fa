import Foundation
import SwitchboardTestSupport

/// Real servers on loopback for `switchboard check` (issue "check"): sipp as a SIP UAS (OPTIONS,
/// and a registrar that verifies digest authentication), socat terminating TLS in front of it,
/// aiosmtpd with AUTH and STARTTLS, and a local server answering like the Graph API. Scripts and
/// scenarios are in Tests/CheckServers. Everything started is stopped when this is released.
final class CheckServers: @unchecked Sendable {
    static let scripts = RepositoryFiles.root + "/Tests/CheckServers"

    /// A folder for certificates and logs.
    let folder: String
    /// A self-signed certificate for 127.0.0.1 and localhost: the tests trust it with SSL_CERT_FILE.
    let trustedCertificate: (certificate: String, key: String)
    /// Another one, trusted by nobody.
    let untrustedCertificate: (certificate: String, key: String)
    private var processes: [Process] = []
    private var sockets: [Int32] = []
    private let lock = NSLock()

    init() throws {
        folder = try SwitchboardProcess.folder([:])
        trustedCertificate = try Self.certificate(named: "trusted", in: folder)
        untrustedCertificate = try Self.certificate(named: "untrusted", in: folder)
    }

    deinit {
        // SIGKILL: a child may inherit a signal mask that blocks SIGTERM from the test's thread.
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for socket in lock.withLock({ sockets }) { close(socket) }
    }

    /// The environment of a `switchboard check` that trusts `trustedCertificate`.
    var environment: [String: String] { ["SSL_CERT_FILE": trustedCertificate.certificate] }

    /// sipp as a UAS on a new loopback port. `transport`: "u1" (UDP) or "t1" (TCP). The registrar
    /// scenario takes the account's username and password.
    func sipp(scenario: String, transport: String, username: String = "alice", password: String? = nil) throws -> Int {
        let port = try ReloadListener.freePort()
        let account = password.map { ["-set", "username", username, "-set", "password", $0] } ?? []
        try start("/usr/bin/sipp", ["-sf", "\(Self.scripts)/\(scenario)", "-i", "127.0.0.1", "-p", String(port), "-t", transport]
                  + account + ["-nostdin", "-trace_err", "-error_file", "\(folder)/sipp-\(port).errors"])
        if transport == "u1" {
            try eventually("sipp listening on UDP \(port)", timeout: 10) { LoopbackSocket.isUDPPortTaken(port) }
        } else {
            try eventually("sipp listening on TCP \(port)", timeout: 10) { LoopbackSocket.accepts(port) }
        }
        return port
    }

    /// socat: TLS on a new port (the trusted certificate) in front of a TCP port.
    func tls(to port: Int) throws -> Int {
        let tlsPort = try ReloadListener.freePort()
        let pem = "\(folder)/trusted-server.pem"
        let both = try String(contentsOfFile: trustedCertificate.certificate, encoding: .utf8)
            + String(contentsOfFile: trustedCertificate.key, encoding: .utf8)
        try both.write(toFile: pem, atomically: true, encoding: .utf8)
        try start("/usr/bin/socat", ["OPENSSL-LISTEN:\(tlsPort),bind=127.0.0.1,reuseaddr,fork,cert=\(pem),verify=0",
                                     "TCP:127.0.0.1:\(port)"])
        try eventually("socat listening on \(tlsPort)", timeout: 10) { LoopbackSocket.accepts(tlsPort) }
        return tlsPort
    }

    /// A UDP port with a socket bound to it that never answers: a trunk that is down.
    func silentUDPPort() throws -> Int { boundLoopbackSocket(Int32(SOCK_DGRAM.rawValue)) }

    /// A TCP port that completes connections (the kernel's backlog) but never says a word: an SMTP
    /// server that hangs before its greeting.
    func silentTCPPort() throws -> Int {
        let port = boundLoopbackSocket(Int32(SOCK_STREAM.rawValue))
        listen(sockets.last!, 1024)
        return port
    }

    /// A socket bound to a free loopback port, kept open until this is released; its port.
    private func boundLoopbackSocket(_ type: Int32) -> Int {
        let (descriptor, port) = LoopbackSocket.bound(type)
        sockets.append(descriptor)
        return port
    }

    /// A TCP server on loopback that answers every connection with `script`, whatever it is told,
    /// then holds the connection open: a hostile or broken server, byte for byte.
    func scriptedTCPServer(_ script: String) -> Int {
        let port = boundLoopbackSocket(Int32(SOCK_STREAM.rawValue))
        let listener = sockets.last!
        listen(listener, 64)
        let bytes = Array(script.utf8)
        Thread.detachNewThread { [weak self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard let self else { close(connection); return }
                self.lock.withLock { self.sockets.append(connection) }
            }
        }
        return port
    }

    enum SMTPSecurity { case starttls, untrustedStarttls, none }

    /// aiosmtpd servers, one per entry, accepting `user` / `password` (AUTH PLAIN and LOGIN).
    /// Returns their ports and the server's output (which says "DATA received" if a mail came).
    func smtp(_ servers: [SMTPSecurity], user: String, password: String) throws -> (ports: [Int], output: () -> String) {
        var specs: [[String: Any]] = []
        var ports: [Int] = []
        for security in servers {
            let port = try ReloadListener.freePort()
            ports.append(port)
            switch security {
            case .starttls:
                specs.append(["port": port, "starttls": true, "cert": trustedCertificate.certificate, "key": trustedCertificate.key])
            case .untrustedStarttls:
                specs.append(["port": port, "starttls": true, "cert": untrustedCertificate.certificate, "key": untrustedCertificate.key])
            case .none:
                specs.append(["port": port])
            }
        }
        let spec = String(decoding: try JSONSerialization.data(withJSONObject: specs), as: UTF8.self)
        let log = "\(folder)/smtp-\(ports[0]).log"
        let output = try startPrintingReady("python3", ["\(Self.scripts)/smtp-server.py", spec], log: log,
                                            environment: ["SMTP_TEST_USER": user, "SMTP_TEST_PASSWORD": password])
        return (ports, output)
    }

    /// The Graph API stand-in; returns its base URL and the paths it was asked for.
    func graphAPI() throws -> (base: String, requests: () -> [String]) {
        let port = try ReloadListener.freePort()
        let log = "\(folder)/graph-\(port).requests"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        _ = try startPrintingReady("python3", ["\(Self.scripts)/graph-api.py", String(port), log], log: "\(folder)/graph-\(port).out")
        let requests = { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }
        return ("http://127.0.0.1:\(port)/v21.0", requests)
    }

    // MARK: - Processes

    private func start(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
    }

    /// Starts a script that prints "ready" once it listens, and waits for that line.
    private func startPrintingReady(_ program: String, _ arguments: [String], log: String,
                                    environment: [String: String] = [:]) throws -> () -> String {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        processes.append(process)
        let read = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        try eventually("\(program) \(arguments.first ?? "") ready", timeout: 20) {
            guard process.isRunning else { throw ServerFailed(output: read()) }
            return read().contains("ready")
        }
        return read
    }

    struct ServerFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "a test server exited: \(output)" }
    }

    private static func certificate(named name: String, in folder: String) throws -> (certificate: String, key: String) {
        let certificate = "\(folder)/\(name).crt", key = "\(folder)/\(name).key"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerFailed(output: "openssl req exited \(process.terminationStatus)") }
        return (certificate, key)
    }
}

extension String {
    /// The output with each check's time ("(12 ms)", "(0.05 s)") replaced, so lines compare exactly.
    var withoutTimings: String {
        replacingOccurrences(of: #"\(\d+ ms\)"#, with: "(… ms)", options: .regularExpression)
            .replacingOccurrences(of: #"\(\d+\.\d+ s\)"#, with: "(… s)", options: .regularExpression)
    }
}
