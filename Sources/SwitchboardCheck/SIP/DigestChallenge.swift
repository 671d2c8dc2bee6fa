import Crypto
import Foundation

/// HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 8760 for SHA-256): the answer to a
/// 401/407 proves the password without sending it.
struct DigestChallenge {
    var realm: String
    var nonce: String
    var opaque: String?
    var algorithm: String
    var qopAuth: Bool

    /// `Digest realm="…", nonce="…", qop="auth"`.
    init?(header: String) {
        guard header.lowercased().hasPrefix("digest") else { return nil }
        var values: [String: String] = [:]
        var rest = Substring(header.dropFirst("digest".count))
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " ,")).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            let value: Substring
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let close = body.firstIndex(of: "\"") ?? body.endIndex
                value = body[..<close]
                rest = close < body.endIndex ? body[body.index(after: close)...] : body[close...]
            } else {
                value = rest.prefix { $0 != "," }
                rest = rest.dropFirst(value.count)
            }
            values[name] = String(value).trimmingCharacters(in: .whitespaces)
        }
        guard let realm = values["realm"], let nonce = values["nonce"] else { return nil }
        self.realm = realm
        self.nonce = nonce
        opaque = values["opaque"]
        algorithm = values["algorithm"] ?? "MD5"
        qopAuth = values["qop"].map { $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "auth" } } ?? false
    }

    var isSupported: Bool { ["md5", "sha-256"].contains(algorithm.lowercased()) }

    /// The `Authorization` (or `Proxy-Authorization`) value for `method uri`.
    func authorization(method: String, uri: String, username: String, password: String, count: Int) -> String {
        let cnonce = SIPIdentifiers.random(16)
        let nc = String(format: "%08x", count)
        let ha1 = hash("\(username):\(realm):\(password)")
        let ha2 = hash("\(method):\(uri)")
        let response = qopAuth ? hash("\(ha1):\(nonce):\(nc):\(cnonce):auth:\(ha2)") : hash("\(ha1):\(nonce):\(ha2)")
        var parts = ["username=\"\(username)\"", "realm=\"\(realm)\"", "nonce=\"\(nonce)\"", "uri=\"\(uri)\"",
                     "response=\"\(response)\"", "algorithm=\(algorithm)"]
        if qopAuth { parts += ["qop=auth", "nc=\(nc)", "cnonce=\"\(cnonce)\""] }
        if let opaque { parts.append("opaque=\"\(opaque)\"") }
        return "Digest " + parts.joined(separator: ", ")
    }

    private func hash(_ text: String) -> String {
        let data = Data(text.utf8)
        return algorithm.lowercased() == "sha-256"
            ? SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            : Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// Random tags, branches and Call-IDs.
enum SIPIdentifiers {
    static func random(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
