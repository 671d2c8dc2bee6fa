/// What switchboard remembers of a row it manages beyond the row itself (`switchboard_managed`):
/// whether the files protect it, and where each of its secrets comes from (the reference, never the
/// value). A pull request that deletes a protected row no longer says `protect: true`, and a dry run
/// in CI cannot read the secrets: both are judged against what was recorded at the last apply.
public struct RowFacts: Hashable, Sendable, Codable {
    /// `protect: true` in the files: deleting, moving or deactivating the row is refused.
    public var isProtected: Bool
    /// Secret field → its reference's token (`env:SIP_TRUNK_PASSWORD`, `file:/repo/secrets/x`, `literal`).
    public var secretReferences: [String: String]

    public init(isProtected: Bool = false, secretReferences: [String: String] = [:]) {
        self.isProtected = isProtected
        self.secretReferences = secretReferences
    }

    public static let none = RowFacts()
}

extension SecretReference {
    /// How the reference is recorded: where the value comes from, never the value (a literal is in
    /// the files anyway, and a dry run can read it).
    public var token: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        case .literal: "literal"
        }
    }
}

extension ChannelSettings {
    /// The channel's secret references, by the names `SettingValues` gives them.
    public var secretReferences: [String: SecretReference] {
        switch self {
        case .email(let smtp?): smtp.password.map { ["smtp.password": $0] } ?? [:]
        case .whatsapp(let whatsapp): whatsapp.apiToken.map { ["apiToken": $0] } ?? [:]
        default: [:]
        }
    }
}
