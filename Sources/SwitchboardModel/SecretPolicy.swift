/// What a secret reference in a tenant file may reach (DESIGN §1 "Secrets"). Whoever can open a
/// pull request writes the files, so `{file:}` stays inside the secrets root and `{env:}` never
/// reads switchboard's own credentials; `secrets.env` in switchboard.yaml narrows the names further.
public struct SecretPolicy: Hashable, Sendable {
    /// Variables no tenant file may read, whatever the settings say: the database URL and password,
    /// the encryption key, every `SWITCHBOARD_*` and libpq's `PG*`.
    public static let reservedNames: Set<String> = ["DATABASE_URL"]
    public static let reservedPrefixes = ["SWITCHBOARD_", "PG"]

    /// The real (symlink-free, absolute) path `{file:}` references must stay inside.
    public var fileRoot: String
    /// More reserved names: those switchboard.yaml itself uses (`${…}`, `tokenEnv`).
    public var settingsNames: Set<String>
    /// `secrets.env`: glob patterns (`*`, `?`) a variable name must match; nil allows any name that
    /// is not reserved.
    public var allowedNames: [String]?

    public init(fileRoot: String, settingsNames: Set<String> = [], allowedNames: [String]? = nil) {
        self.fileRoot = fileRoot
        self.settingsNames = settingsNames
        self.allowedNames = allowedNames
    }

    /// Whether `name` is one of switchboard's own variables (the database, the encryption key, libpq's).
    public static func isReserved(_ name: String) -> Bool {
        reservedNames.contains(name) || reservedPrefixes.contains(where: name.hasPrefix)
    }

    /// Why a tenant file may not read this environment variable, or nil when it may.
    public func problem(withVariable name: String) -> String? {
        if Self.isReserved(name) || settingsNames.contains(name) {
            return "{env: \(name)} is a variable switchboard itself uses (DATABASE_URL, SWITCHBOARD_*, PG*, and those switchboard.yaml names): a tenant file cannot read it"
        }
        if let allowedNames, !allowedNames.contains(where: { Self.matches(name, pattern: $0) }) {
            return "{env: \(name)} is not allowed by secrets.env in switchboard.yaml (\(allowedNames.joined(separator: ", ")))"
        }
        return nil
    }

    /// Whether `path` (absolute, normalised) lies inside the file root.
    public func contains(_ path: String) -> Bool { Self.isPath(path, inside: fileRoot) }

    /// Whether `path` is `root` or under it (both absolute and normalised).
    public static func isPath(_ path: String, inside root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Shell-style glob: `*` any run of characters, `?` one character.
    public static func matches(_ name: String, pattern: String) -> Bool {
        let text = Array(name.unicodeScalars), glob = Array(pattern.unicodeScalars)
        var t = 0, g = 0
        var star: Int?, resume = 0
        while t < text.count {
            if g < glob.count, glob[g] == "?" || glob[g] == text[t] {
                t += 1
                g += 1
            } else if g < glob.count, glob[g] == "*" {
                star = g
                resume = t
                g += 1
            } else if let star {
                g = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == "*" { g += 1 }
        return g == glob.count
    }

    /// `a/./b/../c` → `a/c`, for an absolute path; nil when `..` climbs above `/`.
    public static func normalised(_ path: String) -> String? {
        // Each `{file: …}` of every tenant file comes here: an ASCII path (nearly all) is split on
        // its bytes, not into characters.
        if path.isAllASCII { return normalisedASCII(path) }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `normalised` for an ASCII path, where characters are bytes.
    private static func normalisedASCII(_ path: String) -> String? {
        let bytes = Array(path.utf8)
        var names: [ArraySlice<UInt8>] = []
        let dot = UInt8(ascii: ".")
        for name in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let dots = name.count <= 2 && name.allSatisfy { $0 == dot } ? name.count : 0
            if dots == 1 { continue }
            if dots == 2 {
                guard !names.isEmpty else { return nil }
                names.removeLast()
            } else {
                names.append(name)
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 1)
        if names.isEmpty { result.append(UInt8(ascii: "/")) }
        for name in names {
            result.append(UInt8(ascii: "/"))
            result += name
        }
        return String(decoding: result, as: UTF8.self)
    }
}
