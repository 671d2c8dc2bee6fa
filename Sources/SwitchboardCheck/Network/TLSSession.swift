import COpenSSL
import Foundation

/// A TLS client session over a connected socket (OpenSSL, the library libpq already loads):
/// SIP over TLS, SMTP's STARTTLS and implicit TLS. The peer's certificate is verified against the
/// system's trust store (`SSL_CERT_FILE` / `SSL_CERT_DIR` may name others), and its name against
/// the host the row names, as the platform's own clients do.
final class TLSSession {
    private let ssl: OpaquePointer

    init(socket: Int32, serverName: String, deadline: Deadline) throws {
        guard let context = TLSClientContext.shared.context, let ssl = SSL_new(context) else {
            throw CheckFailure("TLS error: cannot set up TLS (\(TLSSession.lastError() ?? "OpenSSL"))")
        }
        self.ssl = ssl
        SSL_set_fd(ssl, socket)
        let name = serverName.hasPrefix("[") ? String(serverName.dropFirst().dropLast()) : serverName
        if Self.isIPAddress(name) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name)
        } else {
            _ = switchboard_ssl_set_server_name(ssl, name)
            SSL_set1_host(ssl, name)
        }
        setSocketTimeout(socket, deadline)
        ERR_clear_error()
        errno = 0
        // On failure `deinit` frees the session (a throwing class initialiser runs it once every
        // property is set).
        if SSL_connect(ssl) != 1 { throw Self.failure(ssl: ssl, deadline: deadline, step: "handshake") }
    }

    deinit { SSL_free(ssl) }

    func write(_ bytes: [UInt8], socket: Int32, deadline: Deadline) throws {
        var offset = 0
        while offset < bytes.count {
            setSocketTimeout(socket, deadline)
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            guard written > 0 else { throw Self.failure(ssl: ssl, deadline: deadline, step: "write", result: written) }
            offset += Int(written)
        }
    }

    /// Some bytes, or an empty array when the peer closed the session.
    func read(socket: Int32, deadline: Deadline) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        setSocketTimeout(socket, deadline)
        ERR_clear_error()
        let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        if count > 0 { return Array(buffer[0..<Int(count)]) }
        if SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN { return [] }
        throw Self.failure(ssl: ssl, deadline: deadline, step: "read", result: count)
    }

    /// One line: a certificate the trust store does not vouch for, a timeout, or OpenSSL's reason.
    private static func failure(ssl: OpaquePointer, deadline: Deadline, step: String, result: Int32 = -1) -> CheckFailure {
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK {
            return CheckFailure("TLS error: certificate not trusted (\(String(cString: X509_verify_cert_error_string(verify))))")
        }
        if errno == EAGAIN || errno == EWOULDBLOCK || deadline.remaining == 0 { return deadline.timeout("no TLS \(step)") }
        if let reason = lastError() { return CheckFailure("TLS error: \(reason)") }
        if errno == ECONNRESET || errno == EPIPE || SSL_get_error(ssl, result) == SSL_ERROR_SYSCALL {
            return CheckFailure("TLS error: the server closed the connection during the \(step)")
        }
        return CheckFailure("TLS error: the \(step) failed")
    }

    private static func lastError() -> String? {
        let code = ERR_get_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return nil }
        return String(cString: reason)
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}

/// One OpenSSL client context for every session: loading the trust store once, not per check
/// (200 SMTP checks at once would parse it 200 times).
final class TLSClientContext: @unchecked Sendable {
    static let shared = TLSClientContext()

    /// Immutable after `init`; OpenSSL contexts are safe to share between threads for `SSL_new`.
    let context: OpaquePointer?

    private init() {
        context = SSL_CTX_new(TLS_client_method())
        if let context {
            SSL_CTX_set_default_verify_paths(context)
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
    }
}
