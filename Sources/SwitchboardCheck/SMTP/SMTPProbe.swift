import Foundation
import SwitchboardModel

/// A tenant's SMTP server check: `EHLO`, `STARTTLS` (required when `secure`; used whenever
/// offered), `AUTH` with the tenant's user and password, `QUIT`. Never sends a mail.
struct SMTPProbe {
    var settings: SMTPSettings
    var password: String?

    func run(deadline: Deadline) throws -> String {
        guard let host = settings.host, !host.isEmpty else { throw CheckFailure("no smtp.host to connect to") }
        let port = settings.port ?? 587
        guard let user = settings.user, !user.isEmpty else { throw CheckFailure("no smtp.user to authenticate with") }
        guard let password else { throw CheckFailure("the SMTP password is not readable here") }
        let connection = try StreamConnection(host: host, port: port, deadline: deadline)
        // Port 465 is TLS from the first byte (implicit TLS, RFC 8314).
        var protection = "without TLS (loopback)"
        if port == 465 {
            try connection.startTLS(serverName: host, deadline: deadline)
            protection = "over TLS"
        }
        let greeting = try SMTPReply.read(from: connection, deadline: deadline)
        guard greeting.code == 220 else { throw CheckFailure("the server refuses sessions: \(greeting.text(masking: [password]))") }
        var hello = try ehlo(connection, local: connection.local.host, deadline: deadline)
        if protection != "over TLS" {
            if hello.extensions.contains("STARTTLS") {
                try connection.write("STARTTLS\r\n", deadline: deadline)
                let ready = try SMTPReply.read(from: connection, deadline: deadline)
                guard ready.code == 220 else { throw CheckFailure("STARTTLS refused: \(ready.text(masking: [password]))") }
                try connection.startTLS(serverName: host, deadline: deadline)
                hello = try ehlo(connection, local: connection.local.host, deadline: deadline)
                protection = "over STARTTLS"
            } else if settings.secure == true {
                throw CheckFailure("the server offers no STARTTLS and secure is true")
            } else if !Self.isLoopback(host) {
                // The platform may send it so; the check will not put a tenant's password on the network in clear.
                throw CheckFailure("the server offers no STARTTLS: the password is not sent in clear")
            }
        }
        let mechanisms = hello.authMechanisms
        let outcome: SMTPReply
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try connection.write("AUTH PLAIN \(token)\r\n", deadline: deadline)
            outcome = try SMTPReply.read(from: connection, deadline: deadline)
        } else if mechanisms.contains("LOGIN") {
            try connection.write("AUTH LOGIN\r\n", deadline: deadline)
            var reply = try SMTPReply.read(from: connection, deadline: deadline)
            for answer in [user, password] where reply.code == 334 {
                try connection.write(Data(answer.utf8).base64EncodedString() + "\r\n", deadline: deadline)
                reply = try SMTPReply.read(from: connection, deadline: deadline)
            }
            outcome = reply
        } else {
            throw CheckFailure(mechanisms.isEmpty
                ? "the server offers no AUTH"
                : "the server offers AUTH \(mechanisms.joined(separator: " ")), none of PLAIN and LOGIN")
        }
        let mechanism = mechanisms.contains("PLAIN") ? "PLAIN" : "LOGIN"
        guard outcome.code == 235 else {
            try? connection.write("QUIT\r\n", deadline: deadline)
            throw CheckFailure("AUTH refused: \(outcome.text(masking: [password, user]))")
        }
        try? connection.write("QUIT\r\n", deadline: deadline)
        _ = try? SMTPReply.read(from: connection, deadline: deadline)
        return "AUTH \(mechanism) accepted \(protection)"
    }

    private func ehlo(_ connection: StreamConnection, local: String, deadline: Deadline) throws -> SMTPReply {
        let literal = local.hasPrefix("[") ? "[IPv6:\(local.dropFirst().dropLast())]" : "[\(local)]"
        try connection.write("EHLO \(literal)\r\n", deadline: deadline)
        let reply = try SMTPReply.read(from: connection, deadline: deadline)
        guard reply.code == 250 else { throw CheckFailure("EHLO refused: \(reply.code)") }
        return reply
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}
