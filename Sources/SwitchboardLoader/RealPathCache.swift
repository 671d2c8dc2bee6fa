import Foundation

/// Real paths already resolved during one load: 100,000 tenant files in a few folders, naming the
/// same few secret files, otherwise cost a `realpath` (a `readlink` per path component) each —
/// 350,000 system calls, a third of loading's system time. One cache per load (a
/// `TenantFileLoader`), so a link changed between two loads is seen by the next.
final class RealPathCache: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: String?] = [:]

    func real(_ path: String) -> String? {
        if let cached = lock.withLock({ known[path] }) { return cached }
        let resolved = FilePaths.real(path)
        lock.withLock { known[path] = resolved }
        return resolved
    }
}
