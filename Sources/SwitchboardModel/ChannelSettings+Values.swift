/// A channel's settings as named values ("smtp.host", "apiToken"): what `config_encrypted` holds,
/// and what the planner compares setting by setting.
public struct SettingValues: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case text(String)
        /// A secret whose value could not be resolved (dry run): cannot be compared.
        case unknown
    }

    public var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    /// Settings that are credentials: compared, never shown.
    public static let sensitiveNames: Set<String> = ["smtp.password", "apiToken"]

    public var isEmpty: Bool { values.isEmpty }
}

extension ChannelSettings {
    /// The settings with secrets resolved (unresolvable ones `.unknown`); empty for phone and SMS.
    public func values(secrets: ResolvedSecrets) -> SettingValues {
        var values: [String: SettingValues.Value] = [:]
        func set(_ name: String, _ value: String?) { if let value { values[name] = .text(value) } }
        func setSecret(_ name: String, _ reference: SecretReference?) {
            guard let reference else { return }
            values[name] = secrets.value(of: reference).map { .text($0) } ?? .unknown
        }
        switch self {
        case .none, .email(nil):
            break
        case .email(let smtp?):
            set("smtp.host", smtp.host)
            set("smtp.port", smtp.port.map(String.init))
            set("smtp.secure", smtp.secure.map(String.init))
            set("smtp.user", smtp.user)
            setSecret("smtp.password", smtp.password)
            set("smtp.fromEmail", smtp.fromEmail)
            set("smtp.fromName", smtp.fromName)
        case .whatsapp(let whatsapp):
            set("connectionMethod", whatsapp.connectionMethod.rawValue)
            set("whatsappNumber", whatsapp.whatsappNumber)
            set("phoneNumberId", whatsapp.phoneNumberID)
            setSecret("apiToken", whatsapp.apiToken)
        }
        return SettingValues(values)
    }
}

/// The decrypted settings of a stored channel row, or why they could not be read.
public enum StoredSettings: Hashable, Sendable {
    /// No `config_encrypted` (phone, SMS, or a row written without settings).
    case none
    case decrypted(SettingValues, keyID: String)
    /// No known key opens it (or it is not in the `v1:` form): never overwritten silently.
    case unreadable(String)
    /// Encrypted, and no key was given at all (a dry run without a key).
    case locked(keyID: String)
}
