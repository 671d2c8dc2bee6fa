import SwitchboardModel

/// Where a trunk URI (`sip:user@host:port;transport=tcp`, `sips:…`) is reached, and over what.
struct SIPURI: Equatable {
    var scheme: String
    var host: String
    var port: Int
    var transport: SIPTransport

    /// - Parameter fallback: the account's `contact.transport`, used when the URI names none
    ///   (`sips:` always means TLS).
    init?(_ text: String, fallback: SIPTransport) {
        let lowered = text.lowercased()
        guard let colon = lowered.firstIndex(of: ":"), ["sip", "sips"].contains(String(lowered[..<colon])) else { return nil }
        scheme = String(lowered[..<colon])
        var rest = Substring(text[text.index(after: colon)...])
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let hostPort = rest.prefix { $0 != ";" && $0 != "?" }
        let parameters = rest.dropFirst(hostPort.count).split(separator: ";").map { $0.lowercased() }
        let named = parameters.first { $0.hasPrefix("transport=") }.flatMap { SIPTransport(rawValue: String($0.dropFirst("transport=".count))) }
        transport = scheme == "sips" ? .tls : named ?? fallback
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = String(hostPort[...close])
            let after = hostPort[hostPort.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? 0 : 0
        } else if let portColon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<portColon])
            port = Int(hostPort[hostPort.index(after: portColon)...]) ?? 0
        } else {
            host = String(hostPort)
            port = 0
        }
        guard !host.isEmpty, (0...65_535).contains(port) else { return nil }
        if port == 0 { port = transport == .tls ? 5061 : 5060 }
    }

    /// `sip:host:port`: the request URI of OPTIONS and REGISTER.
    var requestURI: String { "\(scheme):\(host):\(port)" }

    var viaTransport: String { transport.rawValue.uppercased() }
}
