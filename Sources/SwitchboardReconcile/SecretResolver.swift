import Foundation
import SwitchboardModel

/// Reads the secrets the files reference (`{env: NAME}`, `{file: PATH}`), at apply time only.
/// A missing one is reported by name and place, never by value.
public struct SecretResolver {
    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) { self.environment = environment }

    /// Every reference of the desired state, with where it is declared (for messages).
    static func references(in state: DesiredState) -> [(SecretReference, SourceLocation?, String)] {
        var references: [(SecretReference, SourceLocation?, String)] = []
        for account in state.sipAccounts {
            if let password = account.password { references.append((password, account.location, "password of SIP account '\(account.label)'")) }
        }
        for channel in state.channelConfigurations {
            switch channel.settings {
            case .email(let smtp?):
                if let password = smtp.password {
                    references.append((password, channel.location, "smtp.password of tenant \(channel.tenantID)"))
                }
            case .whatsapp(let whatsapp):
                if let token = whatsapp.apiToken {
                    references.append((token, channel.location, "apiToken of tenant \(channel.tenantID)"))
                }
            default:
                break
            }
        }
        return references
    }

    /// Resolves every reference; `problems` lists those that could not be read, located.
    public func resolve(_ state: DesiredState) -> (secrets: ResolvedSecrets, problems: [Diagnostic]) {
        var resolutions: [SecretReference: ResolvedSecrets.Resolution] = [:]
        var problems: [Diagnostic] = []
        for (reference, location, what) in Self.references(in: state) {
            let resolution = resolutions[reference] ?? resolve(reference)
            resolutions[reference] = resolution
            if case .unavailable(let reason) = resolution {
                problems.append(.error(at: location ?? .start(of: "?"), "\(what): \(reason)"))
            }
        }
        return (ResolvedSecrets(resolutions), problems.sortedForDisplay())
    }

    private func resolve(_ reference: SecretReference) -> ResolvedSecrets.Resolution {
        switch reference {
        case .literal(let value):
            return .value(value)
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else { return .unavailable("environment variable \(name) is not set") }
            return .value(value)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { return .unavailable("cannot read secret file \(path)") }
            // A file written by `echo` ends with a newline that is not part of the secret.
            var value = String(decoding: data, as: UTF8.self)
            while value.hasSuffix("\n") || value.hasSuffix("\r") { value.removeLast() }
            return .value(value)
        }
    }
}
