import Foundation
import SwitchboardLoader
import SwitchboardModel

/// Reads the secrets the files reference (`{env: NAME}`, `{file: PATH}`), at apply time only.
/// A missing one is reported by name and place, never by value. The loader already confined every
/// reference (DESIGN §1 "Secrets"); the policy is checked again here, against the file system as
/// it is now, and every value against the column it goes to.
public struct SecretResolver {
    let environment: [String: String]
    let policy: SecretPolicy

    /// A secret file larger than this is not a password: it is not read.
    static let largestFile = 64 * 1024

    /// - Parameter policy: required, so no caller resolves a reference unconfined.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, policy: SecretPolicy) {
        self.environment = environment
        self.policy = policy
    }

    /// Resolves every reference; `problems` lists those that could not be read or do not fit, located.
    public func resolve(_ state: DesiredState) -> (secrets: ResolvedSecrets, problems: [Diagnostic]) {
        var resolutions: [SecretReference: ResolvedSecrets.Resolution] = [:]
        var problems: [Diagnostic] = []
        for use in state.secretUses {
            let resolution = resolutions[use.reference] ?? resolve(use.reference)
            resolutions[use.reference] = resolution
            let place = use.location ?? .start(of: "?")
            switch resolution {
            case .unavailable(let reason):
                problems.append(.error(at: place, "\(use.what): \(reason)"))
            case .value(let value):
                if let problem = Self.problem(with: value, maxLength: use.maxLength) {
                    resolutions[use.reference] = .unavailable(problem)
                    problems.append(.error(at: place, "\(use.what): \(problem)"))
                }
            }
        }
        return (ResolvedSecrets(resolutions), problems.sortedForDisplay())
    }

    /// Why a resolved value cannot be stored (its length, a NUL or control character), never the value.
    static func problem(with value: String, maxLength: Int) -> String? {
        let length = value.unicodeScalars.count
        if length > maxLength { return "the secret is \(length) characters long, more than its column takes (\(maxLength))" }
        if let (scalar, position) = TextRules.firstForbidden(in: value) {
            return "the secret holds \(TextRules.name(of: scalar)) at character \(position), which the database cannot store as written"
        }
        return nil
    }

    private func resolve(_ reference: SecretReference) -> ResolvedSecrets.Resolution {
        switch reference {
        case .literal(let value):
            return .value(value)
        case .environment(let name):
            if let problem = policy.problem(withVariable: name) { return .unavailable(problem) }
            guard let value = environment[name], !value.isEmpty else { return .unavailable("environment variable \(name) is not set") }
            return .value(value)
        case .file(let path):
            return readFile(path)
        }
    }

    /// A regular file inside the secrets root (its real path checked now, not only at validate),
    /// of a password's size.
    private func readFile(_ path: String) -> ResolvedSecrets.Resolution {
        guard let real = FilePaths.real(path) else { return .unavailable("cannot read secret file \(path)") }
        guard policy.contains(real) else { return .unavailable("secret file \(path) leads outside the secrets root (\(policy.fileRoot))") }
        var info = stat()
        // The checked real path is read, not the written one (whose links could change in between).
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .unavailable("cannot read secret file \(path) (not a regular file)")
        }
        guard Int(info.st_size) <= Self.largestFile else {
            return .unavailable("secret file \(path) is larger than \(Self.largestFile / 1024) KiB: not read")
        }
        guard let data = FileManager.default.contents(atPath: real) else { return .unavailable("cannot read secret file \(path)") }
        // A file written by `echo` ends with a newline that is not part of the secret.
        var value = String(decoding: data, as: UTF8.self)
        while value.hasSuffix("\n") || value.hasSuffix("\r") { value.removeLast() }
        return .value(value)
    }
}
