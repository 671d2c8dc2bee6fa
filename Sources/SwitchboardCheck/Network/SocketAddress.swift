import Foundation

/// A host and port resolved with getaddrinfo (A and AAAA; SIP's NAPTR/SRV lookups are not done:
/// the check reaches the host and port the URI names).
struct SocketAddress {
    var family: Int32
    var storage: sockaddr_storage
    var length: socklen_t

    /// The addresses of `host`, waiting for the resolver at most until `deadline`: getaddrinfo has
    /// no timeout of its own, so it runs on a thread of its own, left to finish alone if the DNS
    /// server hangs.
    static func resolve(host: String, port: Int, datagram: Bool, deadline: Deadline) throws -> [SocketAddress] {
        final class Answer: @unchecked Sendable {
            var result: Result<[SocketAddress], CheckFailure> = .failure(CheckFailure("no answer"))
        }
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            answer.result = Result { try lookUp(host: host, port: port, datagram: datagram) }.mapError { $0 as? CheckFailure ?? CheckFailure("\($0)") }
            done.signal()
        }
        guard done.wait(timeout: .now() + deadline.remaining) == .success else { throw deadline.timeout("no DNS answer for \(host)") }
        return try answer.result.get()
    }

    private static func lookUp(host: String, port: Int, datagram: Bool) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(datagram ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let unbracketed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let status = getaddrinfo(unbracketed, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw CheckFailure("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(start: entry.pointee.ai_addr, count: Int(entry.pointee.ai_addrlen)))
            }
            addresses.append(SocketAddress(family: entry.pointee.ai_family, storage: storage, length: entry.pointee.ai_addrlen))
            cursor = entry.pointee.ai_next
        }
        return addresses
    }

    func withPointer<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The numeric address, for Via and Contact headers ("127.0.0.1", "[::1]").
    static func localDescription(of socket: Int32) -> (host: String, port: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        _ = withUnsafePointer(to: storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        func text(_ buffer: [CChar]) -> String {
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let address = text(host)
        return (Int32(storage.ss_family) == AF_INET6 ? "[\(address)]" : address, Int(text(service)) ?? 0)
    }
}

/// Sets how long a blocking send or receive on `socket` may wait.
func setSocketTimeout(_ socket: Int32, _ deadline: Deadline) {
    let remaining = max(deadline.remaining, 0.001)
    var value = timeval(tv_sec: Int(remaining), tv_usec: Int((remaining - remaining.rounded(.down)) * 1e6))
    _ = setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    _ = setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
}

/// The reason for an errno, lowercased like the rest of the lines ("connection refused").
func systemReason(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}
