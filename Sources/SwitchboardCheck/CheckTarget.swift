import SwitchboardModel

/// One row to check, with the secret it needs already resolved (held only in memory, for the
/// probe; never in a result).
public struct CheckTarget: Sendable {
    enum Subject: Sendable {
        case sip(SIPAccount)
        case smtp(SMTPSettings)
        case whatsapp(WhatsAppSettings)
    }

    public let kind: CheckKind
    public let key: ManagedKey
    public let name: String
    public let location: SourceLocation?
    let subject: Subject
    /// The password or token; nil when there is none or it could not be read here.
    let credential: String?
    /// Why the credential could not be read ("environment variable X is not set"), never its value.
    let credentialProblem: String?
}

/// Which rows `check` tests (`--only`, `--tenant`, or the rows a plan creates or changes).
public struct CheckSelection: Sendable {
    public var kinds: Set<CheckKind> = Set(CheckKind.allCases)
    /// A tenant's id or slug: its channels only (the trunks are the platform's, not a tenant's).
    public var tenant: String?
    /// Only these rows (`plan --check`: the rows the plan creates or changes).
    public var keys: Set<ManagedKey>?

    public init() {}
}

extension CheckTarget {
    /// Every row the selection names: active SIP accounts, enabled e-mail channels with an SMTP
    /// host, WhatsApp channels with a token; in the files' order (trunks first).
    public static func targets(in desired: DesiredState, secrets: ResolvedSecrets, selection: CheckSelection) -> [CheckTarget] {
        let slugs = Dictionary(desired.tenants.map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
        let tenantID = selection.tenant.flatMap { wanted in desired.tenants.first { String($0.id) == wanted || $0.slug == wanted }?.id }
        func wanted(_ kind: CheckKind, _ key: ManagedKey) -> Bool {
            selection.kinds.contains(kind) && (selection.keys?.contains(key) ?? true)
        }
        func target(_ kind: CheckKind, _ key: ManagedKey, _ name: String, _ location: SourceLocation?, _ subject: Subject,
                    _ reference: SecretReference?) -> CheckTarget {
            CheckTarget(kind: kind, key: key, name: name, location: location, subject: subject,
                        credential: reference.flatMap(secrets.value(of:)), credentialProblem: reference.flatMap(secrets.problem(with:)))
        }
        var targets: [CheckTarget] = []
        if selection.tenant == nil {
            for account in desired.sipAccounts where account.isActive && wanted(.sip, account.managedKey) {
                targets.append(target(.sip, account.managedKey, account.label, account.location, .sip(account), account.password))
            }
        }
        for channel in desired.channelConfigurations where selection.tenant == nil || channel.tenantID == tenantID {
            let name = slugs[channel.tenantID] ?? String(channel.tenantID)
            switch channel.settings {
            case .email(let smtp?) where channel.isEnabled && smtp.host != nil && wanted(.smtp, channel.managedKey):
                targets.append(target(.smtp, channel.managedKey, name, channel.location, .smtp(smtp), smtp.password))
            case .whatsapp(let whatsapp) where whatsapp.apiToken != nil && wanted(.whatsapp, channel.managedKey):
                targets.append(target(.whatsapp, channel.managedKey, name, channel.location, .whatsapp(whatsapp), whatsapp.apiToken))
            default:
                continue
            }
        }
        return targets
    }
}
