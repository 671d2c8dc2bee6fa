import Foundation

/// A TCP connection with a deadline on every step, optionally upgraded to TLS (SMTP's STARTTLS)
/// or TLS from the start (SIP over TLS, SMTP on port 465). Blocking IO on the check's own thread.
final class StreamConnection {
    private let socket: Int32
    private var tls: TLSSession?
    private var buffered: [UInt8] = []
    let local: (host: String, port: Int)

    /// Connects to the first address of `host` that accepts.
    init(host: String, port: Int, deadline: Deadline) throws {
        var lastFailure = CheckFailure("cannot connect to \(host):\(port)")
        for address in try SocketAddress.resolve(host: host, port: port, datagram: false, deadline: deadline) {
            let descriptor = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { continue }
            do {
                try Self.connect(descriptor, to: address, host: host, port: port, deadline: deadline)
                socket = descriptor
                local = SocketAddress.localDescription(of: descriptor)
                return
            } catch let failure as CheckFailure {
                Glibc.close(descriptor)
                lastFailure = failure
            }
        }
        throw lastFailure
    }

    deinit {
        tls = nil
        Glibc.close(socket)
    }

    /// TLS from here on; the server's certificate must name `serverName`.
    func startTLS(serverName: String, deadline: Deadline) throws {
        tls = try TLSSession(socket: socket, serverName: serverName, deadline: deadline)
    }

    func write(_ text: String, deadline: Deadline) throws {
        let bytes = Array(text.utf8)
        if let tls { return try tls.write(bytes, socket: socket, deadline: deadline) }
        var offset = 0
        while offset < bytes.count {
            setSocketTimeout(socket, deadline)
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { throw deadline.timeout("cannot send") }
                throw CheckFailure("connection lost: \(systemReason(errno))")
            }
            offset += written
        }
    }

    /// Bytes up to and including `delimiter`.
    func read(until delimiter: [UInt8], deadline: Deadline, limit: Int = 65_536) throws -> [UInt8] {
        while true {
            if let end = Self.index(of: delimiter, in: buffered) {
                let chunk = Array(buffered[..<(end + delimiter.count)])
                buffered.removeFirst(end + delimiter.count)
                return chunk
            }
            guard buffered.count < limit else { throw CheckFailure("the server sent more than \(limit / 1024) KB without an end of message") }
            try fill(deadline: deadline)
        }
    }

    func read(count: Int, deadline: Deadline) throws -> [UInt8] {
        while buffered.count < count { try fill(deadline: deadline) }
        let chunk = Array(buffered[..<count])
        buffered.removeFirst(count)
        return chunk
    }

    /// One line without its CRLF (SMTP replies).
    func readLine(deadline: Deadline) throws -> String {
        let line = try read(until: [13, 10], deadline: deadline, limit: 4096)
        return String(decoding: line.dropLast(2), as: UTF8.self)
    }

    private func fill(deadline: Deadline) throws {
        let bytes: [UInt8]
        if let tls {
            bytes = try tls.read(socket: socket, deadline: deadline)
        } else {
            var buffer = [UInt8](repeating: 0, count: 16_384)
            setSocketTimeout(socket, deadline)
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { throw deadline.timeout() }
                throw CheckFailure("connection lost: \(systemReason(errno))")
            }
            bytes = Array(buffer[0..<count])
        }
        if bytes.isEmpty { throw CheckFailure("the server closed the connection") }
        buffered += bytes
    }

    private static func connect(_ descriptor: Int32, to address: SocketAddress, host: String, port: Int, deadline: Deadline) throws {
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        let started = address.withPointer { Glibc.connect(descriptor, $0, $1) }
        if started != 0 {
            guard errno == EINPROGRESS else { throw CheckFailure("cannot connect to \(host):\(port): \(systemReason(errno))") }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, deadline.remainingMilliseconds)
            guard ready > 0 else { throw deadline.timeout("no connection to \(host):\(port)") }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { throw CheckFailure("cannot connect to \(host):\(port): \(systemReason(code))") }
        }
        _ = fcntl(descriptor, F_SETFL, flags)
    }

    private static func index(of delimiter: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= delimiter.count else { return nil }
        for start in 0...(bytes.count - delimiter.count) where bytes[start] == delimiter[0] {
            if bytes[start..<(start + delimiter.count)].elementsEqual(delimiter) { return start }
        }
        return nil
    }
}
