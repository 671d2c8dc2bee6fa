import SwitchboardModel

/// One SIP conversation with a trunk over its transport: sends a request, returns the final
/// response to it. Over UDP requests are retransmitted (RFC 3261 timer A: 0.5 s, doubling).
final class SIPChannel {
    private enum Link {
        case datagram(DatagramSocket)
        case stream(StreamConnection)
    }

    private let link: Link
    let uri: SIPURI
    let local: (host: String, port: Int)
    let fromTag = SIPIdentifiers.random(10)

    init(uri: SIPURI, deadline: Deadline) throws {
        self.uri = uri
        switch uri.transport {
        case .udp:
            let socket = try DatagramSocket(host: uri.host, port: uri.port, deadline: deadline)
            link = .datagram(socket)
            local = socket.local
        case .tcp, .tls:
            let connection = try StreamConnection(host: uri.host, port: uri.port, deadline: deadline)
            if uri.transport == .tls { try connection.startTLS(serverName: uri.host, deadline: deadline) }
            link = .stream(connection)
            local = connection.local
        }
    }

    /// A new Call-ID: OPTIONS and the registration are separate conversations.
    static func newCallID() -> String { SIPIdentifiers.random(20) + "@switchboard" }

    /// The request with its Via (a new branch each time), then the final response to it.
    func send(method: String, callID: String, cseq: Int, headers: [String], deadline: Deadline) throws -> SIPResponse {
        let branch = "z9hG4bK" + SIPIdentifiers.random(16)
        let request = ([
            "\(method) \(uri.requestURI) SIP/2.0",
            "Via: SIP/2.0/\(uri.viaTransport) \(local.host):\(local.port);branch=\(branch);rport",
            "Max-Forwards: 70",
            "Call-ID: \(callID)",
            "CSeq: \(cseq) \(method)",
            "User-Agent: switchboard-check",
        ] + headers + ["Content-Length: 0", "", ""]).joined(separator: "\r\n")
        switch link {
        case .datagram(let socket):
            var interval = 0.5
            while deadline.remaining > 0 {
                try socket.send(request)
                let retransmit = Deadline(seconds: min(interval, deadline.remaining))
                while retransmit.remaining > 0 {
                    guard let datagram = try socket.receive(until: retransmit) else { break }
                    if let response = SIPResponse(datagram), response.isFinal, answers(response, callID: callID, cseq: cseq) { return response }
                }
                interval = min(interval * 2, 4)
            }
            throw deadline.timeout("no answer to \(method) over UDP")
        case .stream(let connection):
            try connection.write(request, deadline: deadline)
            while true {
                let head = try connection.read(until: [13, 10, 13, 10], deadline: deadline)
                guard let response = SIPResponse(head) else { throw CheckFailure("the trunk answered \(method) with something that is not SIP") }
                let length = Int(response.header("content-length") ?? "0") ?? 0
                if length > 0 { _ = try connection.read(count: min(length, 65_536), deadline: deadline) }
                if response.isFinal, answers(response, callID: callID, cseq: cseq) { return response }
            }
        }
    }

    private func answers(_ response: SIPResponse, callID: String, cseq: Int) -> Bool {
        response.header("call-id") == callID && response.header("cseq")?.hasPrefix("\(cseq) ") == true
    }
}
