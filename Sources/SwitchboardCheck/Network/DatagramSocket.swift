import Foundation

/// A connected UDP socket with receive deadlines (SIP over UDP).
final class DatagramSocket {
    private let socket: Int32
    let local: (host: String, port: Int)

    init(host: String, port: Int, deadline: Deadline) throws {
        guard let address = try SocketAddress.resolve(host: host, port: port, datagram: true, deadline: deadline).first else {
            throw CheckFailure("cannot resolve \(host)")
        }
        let descriptor = Glibc.socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw CheckFailure("cannot open a UDP socket: \(systemReason(errno))") }
        // connect() on UDP: only this peer's datagrams arrive, and an ICMP "port unreachable" shows
        // as ECONNREFUSED on the next receive.
        guard address.withPointer({ Glibc.connect(descriptor, $0, $1) }) == 0 else {
            let reason = systemReason(errno)
            Glibc.close(descriptor)
            throw CheckFailure("cannot reach \(host):\(port): \(reason)")
        }
        socket = descriptor
        local = SocketAddress.localDescription(of: descriptor)
    }

    deinit { Glibc.close(socket) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0 { throw CheckFailure("cannot send: \(systemReason(errno))") }
    }

    /// The next datagram, or nil when none came before `until` (a retransmission is due).
    func receive(until: Deadline) throws -> [UInt8]? {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, until.remainingMilliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == ECONNREFUSED { throw CheckFailure("nothing listens on the trunk's port (ICMP port unreachable)") }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw CheckFailure("cannot receive: \(systemReason(errno))")
        }
        return Array(buffer[0..<count])
    }
}
