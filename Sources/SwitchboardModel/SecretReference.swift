/// Where a credential comes from. Only the reference lives in the desired state; the value is
/// resolved at apply time and never printed.
public enum SecretReference: Hashable, Sendable, Codable {
    /// `{env: NAME}`: an environment variable of the process that applies.
    case environment(name: String)
    /// `{file: PATH}`: a file, its path already resolved against the declaring file's folder.
    case file(path: String)
    /// A literal string written in the repository (accepted with a warning).
    case literal(String)
}
