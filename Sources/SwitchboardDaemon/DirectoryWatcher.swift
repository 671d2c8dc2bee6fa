import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What changed in the watched folder.
public enum WatchEvent: Sendable, Equatable {
    /// Files or folders under it were written, created, removed or moved (paths under the folder's
    /// name as the user gave it).
    case changed(Set<String>)
    /// The folder itself was replaced: a git-sync symlink swap, a folder moved into place, or
    /// events lost (queue overflow). Everything must be read again.
    case replaced
}

/// Recursive inotify watch of the folder of tenant files (DESIGN §5). Every folder under it is
/// watched, new ones as they appear; the folder holding each component of its path is watched too
/// (git-sync's `root -> .worktrees/<sha>`, a renamed parent), so an atomic swap is seen.
/// Events come from a thread of its own (`read` blocks), as an `AsyncStream`.
public final class DirectoryWatcher: @unchecked Sendable {
    public let events: AsyncStream<WatchEvent>
    private let continuation: AsyncStream<WatchEvent>.Continuation
    private let directory: String
    private let descriptor: Int32
    /// Watch descriptor → the folder it watches, named under `directory`. Used on the thread only.
    private var folders: [Int32: String] = [:]
    /// Watch descriptor → the names in that folder whose change replaces the tree (symlinks, the folder).
    private var anchors: [Int32: Set<String>] = [:]
    private let stopped = NSLock()
    private var isStopped = false

    private static let folderMask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
        | IN_DELETE_SELF | IN_ONLYDIR)
    private static let anchorMask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

    public init(directory: String) throws {
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw WatchError("inotify_init1: \(String(cString: strerror(errno)))") }
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        watchTree()
        let thread = Thread { [self] in readLoop() }
        thread.name = "switchboard-inotify"
        thread.start()
    }

    /// Ends the event stream; the thread closes the inotify descriptor within a quarter second.
    public func stop() {
        stopped.withLock { isStopped = true }
        continuation.finish()
    }

    // MARK: - Watches

    /// (Re)creates every watch: the tree, and the anchors on the way to it.
    private func watchTree() {
        for wd in folders.keys { inotify_rm_watch(descriptor, wd) }
        folders = [:]
        anchors = [:]
        for (folder, name) in anchorPlaces() {
            let wd = inotify_add_watch(descriptor, folder, Self.anchorMask)
            if wd >= 0 { anchors[wd, default: []].insert(name) }
        }
        watchFolder(directory)
    }

    /// The parent of every component of the path, the folder's own included, whether it exists
    /// now or not: a rename of the folder or of any folder above it (`mv tenants.d tenants.d.prev;
    /// mv tenants.d.new tenants.d`) and a git-sync symlink swap are all seen, also while the path
    /// is missing between two renames (the daemon follows the path, not the inode).
    private func anchorPlaces() -> [(folder: String, name: String)] {
        var places: [(String, String)] = []
        var path = ""
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            let parent = path.isEmpty ? (directory.hasPrefix("/") ? "/" : ".") : path
            path = path.isEmpty ? (directory.hasPrefix("/") ? "/" : "") + component : path + "/" + component
            guard component != "." else { continue }
            places.append((parent, String(component)))
        }
        return places
    }

    private func watchFolder(_ folder: String) {
        let wd = inotify_add_watch(descriptor, folder, Self.folderMask)
        guard wd >= 0 else { return }
        folders[wd] = folder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue {
                watchFolder(folder + "/" + name)
            }
        }
    }

    // MARK: - Events

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopped.withLock({ isStopped }) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 250) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            if let event = parse(buffer, count: count) { continuation.yield(event) }
        }
        close(descriptor)
    }

    /// The 16-byte `inotify_event` header, then `len` bytes of NUL-padded name (not imported by
    /// Swift: read right after the header).
    private func parse(_ buffer: [UInt8], count: Int) -> WatchEvent? {
        var changed: Set<String> = []
        var replaced = false
        var offset = 0
        while offset + 16 <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                 raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                 Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
            }
            let nameBytes = buffer[(offset + 16)..<min(offset + 16 + length, count)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += 16 + length

            if mask & UInt32(IN_Q_OVERFLOW) != 0 { replaced = true; continue }
            if let names = anchors[wd], names.contains(name) { replaced = true; continue }
            if mask & UInt32(IN_IGNORED) != 0 { folders[wd] = nil; continue }
            guard let folder = folders[wd] else { continue }
            if mask & UInt32(IN_DELETE_SELF) != 0 {
                if folder == directory { replaced = true }
                continue
            }
            guard !name.isEmpty, !name.hasPrefix(".") else { continue }
            let path = folder + "/" + name
            changed.insert(path)
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                watchFolder(path)  // new folders are watched, and read whole by the cache
            }
        }
        if replaced {
            watchTree()
            return .replaced
        }
        return changed.isEmpty ? nil : .changed(changed)
    }
}

public struct WatchError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
