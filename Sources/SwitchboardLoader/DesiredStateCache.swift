import Foundation
import SwitchboardModel

/// The daemon's view of the files: each file's contribution kept in memory, so that a change
/// re-reads only the files that changed; the cross-file rules then run over all of them.
public struct DesiredStateCache: Sendable {
    /// The folder as the user named it (a git-sync symlink stays a symlink): files are named under it.
    public let directory: String
    private let defaultCountryCode: String?
    private var contributions: [String: FileContribution] = [:]
    /// Each file's bytes as read: the source digest of the audit row is computed from memory,
    /// not by reading every file again on each apply.
    private var bytes: [String: [UInt8]] = [:]

    public init(directory: String, defaultCountryCode: String?) {
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        self.defaultCountryCode = defaultCountryCode
    }

    public var fileCount: Int { contributions.count }

    /// Reads every file again (at start, and when the folder itself was replaced). Returns how many.
    @discardableResult
    public mutating func reloadAll() throws -> Int {
        let files = try DirectoryLoader.listFiles(in: directory)
        let loader = TenantFileLoader(defaultCountryCode: defaultCountryCode)
        let loaded = parallelMap(files.count) { Self.read(files[$0], loader: loader) }
        contributions = Dictionary(uniqueKeysWithValues: zip(files, loaded.map(\.contribution)))
        bytes = Dictionary(uniqueKeysWithValues: zip(files, loaded.map(\.bytes)))
        return files.count
    }

    /// Re-reads what changed under the folder: a file written, created or removed, or a folder
    /// created, moved in or removed (all the files under it). Returns how many files were read, and
    /// the scope of the change: what those files declared before and declare now.
    @discardableResult
    public mutating func refresh(_ paths: Set<String>) -> (read: Int, scope: PlanScope) {
        let loader = TenantFileLoader(defaultCountryCode: defaultCountryCode)
        var read = 0
        var scope = PlanScope()
        for path in paths where isInside(path) {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            // What was there: the file, or everything under the folder.
            for known in contributions.keys where known == path || known.hasPrefix(path + "/") {
                scope.formUnion(PlanScope(contributions[known]!.state))
                contributions[known] = nil
                bytes[known] = nil
            }
            guard exists else { continue }
            let files = isDirectory.boolValue
                ? (try? DirectoryLoader.listFiles(in: path)) ?? []
                : path.hasSuffix(".yaml") || path.hasSuffix(".yml") ? [path] : []
            for file in files {
                let loaded = Self.read(file, loader: loader)
                (contributions[file], bytes[file]) = loaded
                scope.formUnion(PlanScope(loaded.contribution.state))
                read += 1
            }
        }
        return (read, scope)
    }

    /// The desired state and diagnostics of every file, as `DirectoryLoader.load` gives them.
    public func result() -> LoadResult {
        let files = contributions.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return DirectoryLoader.combine(files.map { contributions[$0]! }, files: files)
    }

    /// Every file's path and bytes, in load order (what `SourceDigest` hashes).
    public var sources: [(path: String, bytes: [UInt8])] {
        bytes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, bytes[$0]!) }
    }

    private static func read(_ path: String, loader: TenantFileLoader) -> (contribution: FileContribution, bytes: [UInt8]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (DirectoryLoader.loadFile(path, loader: loader), [])
        }
        let bytes = [UInt8](data)
        return (DirectoryLoader.loadBytes(bytes, path: path, loader: loader), bytes)
    }

    /// Under the folder, and no hidden file or folder on the way (DESIGN §1).
    private func isInside(_ path: String) -> Bool {
        guard path.hasPrefix(directory + "/") else { return false }
        return !path.dropFirst(directory.count + 1).split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
