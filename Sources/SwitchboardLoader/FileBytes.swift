#if canImport(Glibc)
import Glibc
#endif

/// A file's bytes read with one `open`, `fstat` and `read` into one array: Foundation's `contents(atPath:)` also
/// resolves the path's links (a `readlink` per component), a tenth of the system time of loading
/// 100,000 files. The folder's links are checked once, by `TenantFolder`.
enum FileBytes {
    /// The most a tenant file may hold: a pull request's file is read whole into memory, and its
    /// YAML nodes take several times its size. A tenant of 100,000 numbers writes about 3 MiB.
    static let largest = 16 << 20

    enum Failure: Error, Equatable {
        case unreadable
        /// Its size in bytes (as `fstat` said, or as read when it grew meanwhile).
        case tooLarge(Int)
    }

    static func read(_ path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable) }
        // Refused before anything is allocated for it.
        guard Int(info.st_size) <= largest else { return .failure(.tooLarge(Int(info.st_size))) }
        // Read straight into the result, one byte more than fstat said: a short read is the end
        // of a regular file (TenantFolder checked), so one read is usually all.
        let capacity = max(Int(info.st_size) + 1, 4096)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while true {
                let read = Glibc.read(descriptor, buffer.baseAddress!, capacity)
                if read < 0, errno == EINTR { continue }
                failed = read < 0
                count = max(read, 0)
                return
            }
        }
        guard !failed else { return .failure(.unreadable) }
        // The buffer is full: the file grew since fstat; the rest by chunks, up to the limit.
        var more = bytes.count == capacity
        var chunk = [UInt8](repeating: 0, count: more ? 65536 : 0)
        while more {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0, errno == EINTR { continue }
            if read < 0 { return .failure(.unreadable) }
            bytes.append(contentsOf: chunk[0..<read])
            guard bytes.count <= largest else { return .failure(.tooLarge(bytes.count)) }
            more = read > 0
        }
        return .success(bytes)
    }
}
