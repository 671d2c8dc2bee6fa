import Crypto
import Foundation
import SwitchboardModel

public enum DirectoryLoaderError: Error, CustomStringConvertible {
    case notADirectory(String)

    public var description: String {
        switch self {
        case .notADirectory(let path): "'\(path)' is not a directory (set --dir or 'directory' in switchboard.yaml)"
        }
    }
}

/// Reads every `*.yaml` / `*.yml` under a directory (recursively, hidden entries skipped, in byte
/// order of their paths) into a desired state (DESIGN §1). The folder is the repository: what a
/// symlink leads outside it is refused and never read (`TenantFolder`).
public enum DirectoryLoader {
    /// The most diagnostics one file reports; the rest are counted in one line.
    public static let diagnosticsPerFile = 100

    public static func load(directory: String, options: LoadOptions) throws -> LoadResult {
        DispatchQueue.global().async { PhoneNumber.prepareMetadata() }
        let entries = try TenantFolder(directory: directory, options: options).entries()
        let loader = TenantFileLoader(options: options)
        let contributions = parallelMap(entries.count) { index in
            loadEntry(entries[index], loader: loader)
        }
        let read = entries.indices.filter { entries[$0].refusal == nil }
        let result = combine(contributions, files: read.map { entries[$0].path }, digests: read.map { contributions[$0].digest },
                             rules: CrossFileRules(targets: options.targets))
        // Each file's rows, merged into the result's: freed on another core, not before the plan
        // on this one (0.09 s at a million routes).
        BackgroundRelease.drop(contributions)
        return result
    }

    /// With the default options for the folder (no switchboard.yaml).
    public static func load(directory: String, defaultRegion: String? = nil) throws -> LoadResult {
        try load(directory: directory, options: .defaults(for: directory, defaultRegion: defaultRegion))
    }

    /// Loads files already in memory, named by the paths diagnostics should show.
    public static func load(sources: [(path: String, text: String)], defaultRegion: String? = nil) -> LoadResult {
        let loader = TenantFileLoader(options: .defaults(for: ".", defaultRegion: defaultRegion))
        let sorted = sources.sorted { $0.path.precedesInByteOrder($1.path) }
        let contributions = sorted.map { source in
            loadBytes(Array(source.text.utf8), path: source.path, loader: loader)
        }
        return combine(contributions, files: sorted.map(\.path), digests: contributions.map(\.digest))
    }

    /// - Parameters:
    ///   - rules: the cross-file rules, with the index of these contributions when the caller keeps
    ///     one (the daemon, `indexed`); otherwise they are indexed here.
    ///   - indexed: also, the state is merged only when read (`LoadResult.state`): the daemon's
    ///     edits plan their own rows, found through the index.
    static func combine(_ contributions: [FileContribution], files: [String], digests: [[UInt8]], rules: CrossFileRules = CrossFileRules(),
                        indexed: Bool = false) -> LoadResult {
        if indexed {
            let diagnostics = rules.diagnostics(contributions) + fileDiagnostics(contributions)
            return LoadResult(merging: contributions, diagnostics: capped(diagnostics.sortedForDisplay()), files: files, fileDigests: digests)
        }
        // The cross-file index and the merge read the same contributions: both cores share them.
        nonisolated(unsafe) var state = DesiredState()
        nonisolated(unsafe) var fromFiles: [Diagnostic] = []
        var rules = rules
        rules.add(contributions) {
            state = merged(contributions)
            fromFiles = fileDiagnostics(contributions)
        }
        let crossFile = rules.diagnostics(contributions)
        // The index of every identity, no longer needed (0.04 s to free at a million routes).
        BackgroundRelease.drop(rules)
        return LoadResult(state: state, diagnostics: capped((crossFile + fromFiles).sortedForDisplay()), files: files,
                          fileDigests: digests)
    }

    /// Every file's own diagnostics, in order (most files have none).
    private static func fileDiagnostics(_ contributions: [FileContribution]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for index in contributions.indices where !contributions[index].diagnostics.isEmpty {
            diagnostics += contributions[index].diagnostics
        }
        return diagnostics
    }

    /// Every file's rows, in order, each list allocated once. Each contribution's lists are read in
    /// place: a copy of each file's state per pass cost the daemon's one-file edit 20 ms of retains.
    static func merged(_ contributions: [FileContribution]) -> DesiredState {
        var state = DesiredState()
        let totals = DeclaredCounts(contributions)
        state.tenants.reserveCapacity(totals.tenants)
        state.routes.reserveCapacity(totals.routes)
        state.channelConfigurations.reserveCapacity(totals.channels)
        for index in contributions.indices {
            state.tenants += contributions[index].state.tenants
            state.routes += contributions[index].state.routes
            state.sipAccounts += contributions[index].state.sipAccounts
            state.workflowBindings += contributions[index].state.workflowBindings
            state.channelConfigurations += contributions[index].state.channelConfigurations
        }
        return state
    }

    /// At most `diagnosticsPerFile` per file (a 10 MB file of conflicts must not print 66 MB), then
    /// one line counting the rest. `diagnostics` are sorted, so each file's are together.
    static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var kept: [Diagnostic] = []
        var index = 0
        while index < diagnostics.count {
            let file = diagnostics[index].location.file
            var end = index
            while end < diagnostics.count, diagnostics[end].location.file == file { end += 1 }
            let count = end - index
            if count <= diagnosticsPerFile {
                kept += diagnostics[index..<end]
            } else {
                kept += diagnostics[index..<(index + diagnosticsPerFile)]
                let rest = diagnostics[(index + diagnosticsPerFile)..<end]
                let errors = rest.count(where: \.isError)
                kept.append(Diagnostic(
                    errors > 0 ? .error : .warning, at: rest.first!.location,
                    "and \(Count.grouped(rest.count)) more problems in this file (\(Count.grouped(errors)) errors; the first \(diagnosticsPerFile) are shown)"))
            }
            index = end
        }
        return kept
    }

    static func loadEntry(_ entry: TenantFolder.Entry, loader: TenantFileLoader) -> FileContribution {
        if let refusal = entry.refusal {
            var contribution = FileContribution()
            contribution.diagnostics = [refusal]
            return contribution
        }
        return loadFile(entry.path, loader: loader)
    }

    static func loadFile(_ path: String, loader: TenantFileLoader) -> FileContribution {
        loadFile(path, read: FileBytes.read(path), loader: loader)
    }

    /// A file already read (the daemon keeps the read), or its one error when it could not be.
    static func loadFile(_ path: String, read: Result<[UInt8], FileBytes.Failure>, loader: TenantFileLoader) -> FileContribution {
        switch read {
        case .success(let bytes):
            return loadBytes(bytes, path: path, loader: loader)
        case .failure(let failure):
            var contribution = FileContribution()
            let message = switch failure {
            case .unreadable: "cannot read file"
            case .tooLarge(let size):
                "file is \(Count.grouped(size)) bytes, more than a tenant file may hold (\(FileBytes.largest >> 20) MiB): not read"
            }
            contribution.diagnostics = [.error(at: .start(of: path), message)]
            return contribution
        }
    }

    /// Loads one file's bytes (for callers that hold files in memory, like tests and the daemon).
    static func loadBytes(_ bytes: [UInt8], path: String, loader: TenantFileLoader) -> FileContribution {
        let yaml = YAMLReader.read(bytes, file: path)
        var contribution = FileContribution()
        if let root = yaml.root, !yaml.diagnostics.hasErrors { contribution = loader.load(root, file: path) }
        contribution.diagnostics = yaml.diagnostics + contribution.diagnostics
        contribution.digest = Array(SHA256.hash(data: bytes))
        return contribution
    }

    /// Paths of the tenant files, `directory/relative/path.yaml`, sorted by byte order (refused
    /// ones included: they are there, only not read).
    public static func listFiles(in directory: String) throws -> [String] {
        try TenantFolder(directory: directory, options: .defaults(for: directory)).entries().map(\.path)
    }
}

/// `1234567` → `1,234,567`, for counts in messages.
enum Count {
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
