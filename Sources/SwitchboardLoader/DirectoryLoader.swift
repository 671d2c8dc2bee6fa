import Foundation
import SwitchboardModel

/// What loading a directory of tenant files produced.
public struct LoadResult: Sendable {
    public var state: DesiredState
    /// Every problem found, sorted by file and line. The state is only to be used without errors.
    public var diagnostics: [Diagnostic]
    /// The files read, as paths under the directory name the user gave, in load order.
    public var files: [String]

    public var isValid: Bool { !diagnostics.hasErrors }
}

public enum DirectoryLoaderError: Error, CustomStringConvertible {
    case notADirectory(String)

    public var description: String {
        switch self {
        case .notADirectory(let path): "'\(path)' is not a directory (set --dir or 'directory' in switchboard.yaml)"
        }
    }
}

/// Reads every `*.yaml` / `*.yml` under a directory (recursively, hidden entries skipped, in byte
/// order of their paths) into a desired state (DESIGN §1).
public enum DirectoryLoader {
    public static func load(directory: String, defaultCountryCode: String? = nil) throws -> LoadResult {
        let files = try listFiles(in: directory)
        let loader = TenantFileLoader(defaultCountryCode: defaultCountryCode)
        let contributions = parallelMap(files.count) { index in
            loadFile(files[index], loader: loader)
        }
        return combine(contributions, files: files)
    }

    /// Loads files already in memory, named by the paths diagnostics should show.
    public static func load(sources: [(path: String, text: String)], defaultCountryCode: String? = nil) -> LoadResult {
        let loader = TenantFileLoader(defaultCountryCode: defaultCountryCode)
        let sorted = sources.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let contributions = sorted.map { source in
            loadBytes(Array(source.text.utf8), path: source.path, loader: loader)
        }
        return combine(contributions, files: sorted.map(\.path))
    }

    static func combine(_ contributions: [FileContribution], files: [String]) -> LoadResult {
        var state = DesiredState()
        var diagnostics = CrossFileRules.check(contributions)
        for contribution in contributions {
            state.merge(contribution.state)
            diagnostics += contribution.diagnostics
        }
        return LoadResult(state: state, diagnostics: diagnostics.sortedForDisplay(), files: files)
    }

    /// Loads one file's bytes (for callers that hold files in memory, like tests and the daemon).
    static func loadFile(_ path: String, loader: TenantFileLoader) -> FileContribution {
        guard let data = FileManager.default.contents(atPath: path) else {
            var contribution = FileContribution()
            contribution.diagnostics = [.error(at: .start(of: path), "cannot read file")]
            return contribution
        }
        return loadBytes([UInt8](data), path: path, loader: loader)
    }

    static func loadBytes(_ bytes: [UInt8], path: String, loader: TenantFileLoader) -> FileContribution {
        let yaml = YAMLReader.read(bytes, file: path)
        guard let root = yaml.root, !yaml.diagnostics.hasErrors else {
            var contribution = FileContribution()
            contribution.diagnostics = yaml.diagnostics
            return contribution
        }
        var contribution = loader.load(root, file: path)
        contribution.diagnostics = yaml.diagnostics + contribution.diagnostics
        return contribution
    }

    /// Paths of the tenant files, `directory/relative/path.yaml`, sorted by byte order.
    public static func listFiles(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DirectoryLoaderError.notADirectory(directory)
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var files: [String] = []
        collect(base, into: &files)
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func collect(_ folder: String, into files: inout [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                collect(path, into: &files)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                files.append(path)
            }
        }
    }
}
