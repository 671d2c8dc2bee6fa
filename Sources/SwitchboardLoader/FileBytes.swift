#if canImport(Glibc)
import Glibc
#endif

/// A file's bytes read with one `open`, `fstat` and `read` into one array: Foundation's `contents(atPath:)` also
/// resolves the path's links (a `readlink` per component), a tenth of the system time of loading
/// 100,000 files. The folder's links are checked once, by `TenantFolder`.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
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
        guard !failed else { return nil }
        // The buffer is full: the file grew since fstat; the rest by chunks.
        var more = bytes.count == capacity
        var chunk = [UInt8](repeating: 0, count: more ? 65536 : 0)
        while more {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0, errno == EINTR { continue }
            if read < 0 { return nil }
            bytes.append(contentsOf: chunk[0..<read])
            more = read > 0
        }
        return bytes
    }
}
