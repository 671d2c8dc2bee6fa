import Foundation

/// A SIP response as far as a check reads it: status, and the headers it needs.
struct SIPResponse {
    var status: Int
    var reason: String
    /// Header names lowercased; compact forms expanded (`i` → call-id).
    var headers: [(name: String, value: String)]

    init?(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let start = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        guard start.count >= 2, start[0].hasPrefix("SIP/2.0"), let status = Int(start[1]) else { return nil }
        self.status = status
        reason = start.count > 2 ? String(start[2]) : ""
        headers = lines.dropFirst().prefix { !$0.isEmpty }.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            return (Self.compact[name] ?? name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// "200 OK", printable and short: the server's words, never ours.
    var statusLine: String {
        "\(status) \(ServerText.excerpt(reason, limit: 60))"
    }

    var isFinal: Bool { status >= 200 }

    private static let compact = ["i": "call-id", "l": "content-length", "v": "via", "f": "from", "t": "to"]
}
