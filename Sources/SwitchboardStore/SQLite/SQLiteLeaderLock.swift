#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An exclusive `flock` on a file beside the database: the kernel releases it when the process dies.
final class SQLiteLeaderLock: LeaderLock, @unchecked Sendable {
    private let path: String
    private var descriptor: Int32 = -1
    private var isLeader = false

    init(lockFile path: String) { self.path = path }

    func poll() throws -> Bool {
        guard !isLeader else { return true }
        if descriptor < 0 { descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        isLeader = descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0
        return isLeader
    }

    func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        isLeader = false
    }
}
