import Foundation
import SwitchboardModel

/// How the tenant files are read: the region rules for national numbers, what a secret reference
/// may reach, and where the repository ends (DESIGN §1 "Secrets", "Where files may come from").
public struct LoadOptions: Sendable {
    /// How national numbers are read in a tenant without `country` (switchboard.yaml's `defaultRegion`).
    public var defaultRegion: String?
    public var secrets: SecretPolicy
    /// The repository's real path: a symlink under the tenant folder may lead inside it (or inside
    /// the tenant folder itself), nowhere else.
    public var repositoryRoot: String
    /// `targets:` of switchboard.yaml: a route key may be declared for two tenants that share no target.
    public var targets: [Target] = []

    public init(defaultRegion: String? = nil, secrets: SecretPolicy, repositoryRoot: String) {
        self.defaultRegion = defaultRegion
        self.secrets = secrets
        self.repositoryRoot = repositoryRoot
    }

    /// From the settings in use: the repository is the folder of switchboard.yaml, else the parent
    /// of the tenant folder; the secrets root is `secrets.fileRoot` (relative to that folder), else
    /// the repository.
    /// `SWITCHBOARD_SECRETS_ROOT` in the environment (the operator's, never a file's) sets a secrets
    /// root outside the repository, such as a mounted secrets volume.
    public init(settings: Settings, directory: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base = settings.location.map { FilePaths.folder(of: $0.file) } ?? FilePaths.folder(of: FilePaths.trimmed(directory))
        let repository = FilePaths.resolved(base)
        let configured = environment["SWITCHBOARD_SECRETS_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? settings.secretsFileRoot.map { $0.hasPrefix("/") ? $0 : repository + "/" + $0 }
        let fileRoot = configured.map(FilePaths.resolved) ?? repository
        self.init(
            defaultRegion: settings.defaultRegion,
            secrets: SecretPolicy(fileRoot: fileRoot, settingsNames: settings.variableNames, allowedNames: settings.secretsEnvironment),
            repositoryRoot: repository)
        targets = settings.targets
    }

    /// Options for a folder read without settings (tests, tools).
    public static func defaults(for directory: String, defaultRegion: String? = nil) -> LoadOptions {
        var settings = Settings()
        settings.defaultRegion = defaultRegion
        return LoadOptions(settings: settings, directory: directory)
    }
}

/// Path arithmetic on the real file system: real paths resolve every symlink.
public enum FilePaths {
    /// The absolute path with every symlink resolved, or nil when it does not exist.
    public static func real(_ path: String) -> String? {
        guard let resolved = realpath(path.isEmpty ? "." : path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path when it exists, else the absolute one (a root named before it is created).
    public static func resolved(_ path: String) -> String { real(path) ?? absolute(path) }

    /// The absolute, normalised path (symlinks left as they are).
    public static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return SecretPolicy.normalised(joined) ?? "/"
    }

    /// `a/b/c.yaml` → `a/b`, `c.yaml` → `.`.
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Without trailing slashes.
    public static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Whether `path` (absolute, real) is `root` or under it.
    public static func isInside(_ path: String, _ root: String) -> Bool { SecretPolicy.isPath(path, inside: root) }
}
