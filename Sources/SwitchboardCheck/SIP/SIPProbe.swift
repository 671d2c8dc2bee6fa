import SwitchboardModel

/// A trunk check: `OPTIONS` proves the trunk answers over its transport; `REGISTER` with digest
/// authentication (optional) proves the username and password, then un-registers.
struct SIPProbe {
    var account: SIPAccount
    /// The resolved password, for `REGISTER`; nil when not asked to register.
    var password: String?
    var register: Bool

    func run(deadline: Deadline) throws -> String {
        guard let uri = SIPURI(account.trunkURI, fallback: account.contactTransport) else {
            throw CheckFailure("trunkUri is not a sip: or sips: URI with a host")
        }
        let over = "over \(uri.transport.rawValue.uppercased())"
        let channel = try SIPChannel(uri: uri, deadline: deadline)
        let options = try channel.send(method: "OPTIONS", callID: SIPChannel.newCallID(), cseq: 1, headers: [
            "From: <sip:switchboard@\(channel.local.host)>;tag=\(channel.fromTag)",
            "To: <\(uri.requestURI)>",
            "Contact: <\(contact(channel))>",
            "Accept: application/sdp",
        ], deadline: deadline)
        // Any answer below 500 shows a live trunk (providers often answer 403 or 404 to OPTIONS
        // from an address that has not registered); 5xx and 6xx say it does not serve.
        guard options.status < 500 else { throw CheckFailure("OPTIONS answered \(options.statusLine) \(over)") }
        guard register else { return "OPTIONS answered \(options.statusLine) \(over)" }
        return "OPTIONS answered \(options.statusLine), " + (try registerAndRelease(channel, uri: uri, deadline: deadline)) + " \(over)"
    }

    /// REGISTER, answer the challenge, then REGISTER again with `Expires: 0`.
    private func registerAndRelease(_ channel: SIPChannel, uri: SIPURI, deadline: Deadline) throws -> String {
        guard let username = account.username, !username.isEmpty else { throw CheckFailure("REGISTER needs a username: the account has none") }
        guard let password else { throw CheckFailure("REGISTER needs the password, and it is not readable here") }
        let aor = "sip:\(username)@\(uri.host)"
        let callID = SIPChannel.newCallID()
        var cseq = 0
        func register(expires: Int) throws -> (SIPResponse, authenticated: Bool) {
            var authorization: String?
            var authenticated = false
            for _ in 0..<3 {
                cseq += 1
                var headers = [
                    "From: <\(aor)>;tag=\(channel.fromTag)",
                    "To: <\(aor)>",
                    "Contact: <\(contact(channel, user: username))>",
                    "Expires: \(expires)",
                ]
                if let authorization { headers.append(authorization) }
                let response = try channel.send(method: "REGISTER", callID: callID, cseq: cseq, headers: headers, deadline: deadline)
                guard response.status == 401 || response.status == 407 else { return (response, authenticated) }
                if authorization != nil, !isStale(response) { return (response, authenticated) }
                let header = response.status == 401 ? "www-authenticate" : "proxy-authenticate"
                guard let challenge = response.header(header).flatMap(DigestChallenge.init(header:)) else {
                    throw CheckFailure("REGISTER answered \(response.statusLine) without a digest challenge")
                }
                guard challenge.isSupported else { throw CheckFailure("REGISTER asks for digest \(challenge.algorithm), which the check does not speak") }
                let value = challenge.authorization(method: "REGISTER", uri: uri.requestURI, username: username, password: password, count: 1)
                authorization = (response.status == 401 ? "Authorization: " : "Proxy-Authorization: ") + value
                authenticated = true
            }
            throw CheckFailure("REGISTER: the registrar keeps challenging")
        }
        let (registered, authenticated) = try register(expires: 60)
        switch registered.status {
        case 200..<300: break
        case 401, 407, 403: throw CheckFailure("REGISTER refused: \(registered.statusLine) (wrong username or password)")
        default: throw CheckFailure("REGISTER answered \(registered.statusLine)")
        }
        let (released, _) = try register(expires: 0)
        let proof = authenticated ? "REGISTER accepted (digest)" : "REGISTER accepted without authentication"
        return (200..<300).contains(released.status) ? "\(proof), un-registered" : "\(proof), un-REGISTER answered \(released.statusLine)"
    }

    private func isStale(_ response: SIPResponse) -> Bool {
        let header = response.header(response.status == 401 ? "www-authenticate" : "proxy-authenticate") ?? ""
        return header.lowercased().contains("stale=true")
    }

    private func contact(_ channel: SIPChannel, user: String = "switchboard") -> String {
        let transport = channel.uri.transport == .udp ? "" : ";transport=\(channel.uri.transport.rawValue)"
        return "sip:\(user)@\(channel.local.host):\(channel.local.port)\(transport)"
    }
}
