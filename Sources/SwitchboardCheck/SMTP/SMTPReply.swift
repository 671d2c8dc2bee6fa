import Foundation

/// An SMTP reply: its code and its lines (`250-STARTTLS`, `250 AUTH PLAIN LOGIN`).
struct SMTPReply {
    var code: Int
    var lines: [String]

    /// Reads the reply's lines up to the one with a space after the code.
    static func read(from connection: StreamConnection, deadline: Deadline) throws -> SMTPReply {
        var lines: [String] = []
        while true {
            let line = try connection.readLine(deadline: deadline)
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw CheckFailure("the server does not speak SMTP (\(ServerText.excerpt(line)))")
            }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return SMTPReply(code: code, lines: lines) }
            guard lines.count < 200 else { throw CheckFailure("the server's reply has more than 200 lines") }
        }
    }

    /// EHLO's extensions, uppercased (`STARTTLS`, `AUTH PLAIN LOGIN`).
    var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    var authMechanisms: [String] {
        extensions.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }.map { $0.dropFirst(5).split(separator: " ").map(String.init) } ?? []
    }

    /// "535 5.7.8 Authentication credentials invalid": the server's words, short and printable,
    /// with any secret the check knows of masked (a hostile server could echo one).
    func text(masking secrets: [String]) -> String {
        // Masked before it is cut short: a cut could leave the start of a secret.
        var words = lines.last ?? ""
        for secret in secrets where !secret.isEmpty { words = words.replacingOccurrences(of: secret, with: "(secret)") }
        return "\(code) " + ServerText.excerpt(words)
    }
}
