import Crypto
import SwitchboardModel

/// A digest of the actual state: a saved plan applies only to the database it was made against.
enum StateFingerprint {
    static func of(_ state: ActualState) -> String {
        SourceDigest.hex(SHA256.hash(data: Array(lines(state).map(\.line).joined(separator: "\n").utf8)))
    }

    /// One digest per kind of row, so a stale saved plan can say which kinds changed.
    static func byKind(_ state: ActualState) -> [String: String] {
        Dictionary(grouping: lines(state), by: \.kind).mapValues { lines in
            SourceDigest.hex(SHA256.hash(data: Array(lines.map(\.line).joined(separator: "\n").utf8)))
        }
    }

    private static func lines(_ state: ActualState) -> [(kind: String, line: String)] {
        var lines: [String] = []
        lines += state.tenants.sorted { $0.id < $1.id }.map { "t\t\($0.id)\t\($0.slug)\t\($0.name)\t\($0.isActive)" }
        lines += state.routes.sorted { $0.key < $1.key }.map { "r\t\($0.key)\t\($0.tenantID)\t\($0.isActive)" }
        lines += state.sipAccounts.sorted { $0.label < $1.label }.map { account in
            // The password counts through its digest: the fingerprint is printed in saved plans.
            let password = account.password.map { reference -> String in
                if case .literal(let value) = reference { return SourceDigest.hex(SHA256.hash(data: Array(value.utf8))) }
                return "?"
            } ?? "-"
            return "s\t\(account.label)\t\(account.trunkURI)\t\(account.username ?? "-")\t\(password)\t\(account.contactHost ?? "-")\t\(account.contactPort.map(String.init) ?? "-")\t\(account.contactTransport)\t\(account.isDefault)\t\(account.isActive)"
        }
        lines += state.workflowBindings.sorted { $0.workflowSlug < $1.workflowSlug }.map { "w\t\($0.workflowSlug)\t\($0.accountLabel)" }
        lines += state.mixedWorkflowBindings.sorted().map { "w\t\($0)\t(mixed)" }
        lines += state.channelConfigurations.sorted { ($0.tenantID, $0.type.rawValue) < ($1.tenantID, $1.type.rawValue) }.map {
            "c\t\($0.tenantID)\t\($0.type)\t\($0.isEnabled)\t\($0.isConfigured)\t\($0.templates.sorted { $0.key < $1.key })\t\($0.configEncrypted ?? "-")"
        }
        lines += state.managed.sorted().map { "m\t\($0.kind)\t\($0.key)" }
        let kinds = ["t": "tenants", "r": "routes", "s": "sipAccounts", "w": "workflowBindings", "c": "channels", "m": "ownership"]
        return lines.map { (kinds[String($0.prefix(1))] ?? "other", $0) }
    }
}
